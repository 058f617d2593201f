import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { RuleContext } from '../../engine/rule';
import type { CallSite } from '../../engine/sites';
import { NO_SHELL_FUNCTIONS, SHELL_FUNCTIONS, SUBPROCESS_FUNCTIONS, isFullPath, noShellParts, sequenceItems, shellProgram } from './process-calls';

export default defineRule({
  meta: {
    id: 'PW307',
    name: 'partial-executable-path',
    title: 'Process started by a bare program name (looked up in PATH)',
    category: 'shell-injection',
    // Bandit B607: LOW/HIGH.
    severity: 'low',
    confidence: 'high',
    cwe: 78,
    bandit: 'B607',
    ruff: 'S607',
    fixable: false,
    offInTests: true,
    profile: 'strict',
    docs: {
      what: 'Finds process-starting calls (the `subprocess` functions, `os.system`/`os.popen` and the other shell functions, `os.exec*`/`os.spawn*`) whose program is a literal without a path: `"git"` rather than `"/usr/bin/git"`. Only literal programs are reported; for shell commands, the first word of the command (shell built-ins such as `cd` are not programs and are skipped).',
      why: 'A bare name is looked up in the directories of `PATH`, in order (and on Windows in the current directory first). Whoever can change `PATH` for this process, or write to a directory that comes early in it (a user-writable `~/.local/bin`, a project `node_modules/.bin`, a virtualenv), makes it run their own `git` with this process\'s privileges. This matters most for code that runs with more privileges than the people who control its environment: setuid helpers, services, CI jobs on shared runners.',
      example: 'import subprocess\n\nrevision = subprocess.check_output(["git", "rev-parse", "HEAD"], text=True)',
      safe: 'import shutil\nimport subprocess\n\nGIT = shutil.which("git") or "/usr/bin/git"  # resolved once, at startup\nrevision = subprocess.check_output([GIT, "rev-parse", "HEAD"], text=True)',
      references: [
        'https://cwe.mitre.org/data/definitions/78.html',
        'https://cwe.mitre.org/data/definitions/426.html',
        'https://docs.python.org/3/library/subprocess.html#subprocess.Popen',
        'https://docs.python.org/3/library/shutil.html#shutil.which',
      ],
    },
  },
  calls: [...SUBPROCESS_FUNCTIONS, ...Object.keys(SHELL_FUNCTIONS), ...Object.keys(NO_SHELL_FUNCTIONS)],

  checkCall(call, context) {
    const found = programOf(call, context);
    if (!found || isFullPath(found.program)) return;
    context.report(found.node, {
      message: `\`${found.program}\` is found through \`PATH\`, which others may control; use an absolute path (\`shutil.which\` once).`,
    });
  },
});

/** The literal program a call starts and the node that spells it; undefined when it is not a literal. */
function programOf(call: CallSite, context: RuleContext): { program: string; node: Node } | undefined {
  const name = call.qualifiedName!;
  if (name in NO_SHELL_FUNCTIONS) {
    if (name === 'os.startfile') return undefined; // opens a document, not a program from PATH
    const { program } = noShellParts(call, NO_SHELL_FUNCTIONS[name]);
    return program ? literalProgram(program, context, false) : undefined;
  }
  if (name in SHELL_FUNCTIONS) {
    const command = call.argument(0, SHELL_FUNCTIONS[name]);
    return command ? literalProgram(command.value, context, true) : undefined;
  }
  // subprocess: `executable=` replaces the program (or the shell) that is looked up.
  const executable = call.keyword('executable');
  if (executable) return literalProgram(executable.value, context, false);
  const command = call.argument(0, 'args');
  if (!command) return undefined;
  const items = sequenceItems(command.value);
  if (items) return items.length > 0 ? literalProgram(items[0], context, false) : undefined;
  // A string: a shell command line, or (without a shell) a program name, or on Windows a command line.
  return literalProgram(command.value, context, true);
}

/** The program named by a literal: the whole string, or the first word of a shell command line. */
function literalProgram(node: Node, context: RuleContext, commandLine: boolean): { program: string; node: Node } | undefined {
  const value = context.model.literal(node)?.value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const program = commandLine ? shellProgram(value) : value;
  return program ? { program, node } : undefined;
}
