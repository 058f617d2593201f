import { defineRule } from '../../engine/rule';
import { brief } from './command-words';
import { SUBPROCESS_FUNCTIONS, isFixedCommand, sequenceItems, usesShell } from './process-calls';

export default defineRule({
  meta: {
    id: 'PW304',
    name: 'subprocess-without-shell',
    title: 'Subprocess started with a command chosen at run time',
    category: 'shell-injection',
    // Bandit B603: LOW/HIGH, for every subprocess call without shell=True. Quieter here: a
    // command whose program and arguments are all literals (or `sys.executable`) is not reported.
    severity: 'low',
    confidence: 'high',
    cwe: 78,
    bandit: 'B603',
    ruff: 'S603',
    fixable: false,
    offInTests: true,
    profile: 'strict',
    docs: {
      what: 'Finds `subprocess.Popen`, `run`, `call`, `check_call` and `check_output` called without `shell=True` whose command is not fixed in the source: a list with a variable item, a list or string held in a parameter, a command built at run time. Commands made only of literals (and `sys.executable`) are not reported; calls with `shell=True` are PW301\'s.',
      why: 'Without a shell, `;`, `|` or `$(…)` in an argument are inert, but the program still does whatever its arguments say. If the program name comes from input an attacker picks what runs; if an argument does, an option-like value (`--upload-pack=…` for git, `-oProxyCommand=…` for ssh, `--checkpoint-action=exec=…` for tar) can make a harmless program run commands or overwrite files. This is an audit rule: it points at every place where outside data reaches a process.',
      example: 'import subprocess\n\ndef fetch(repository, branch):\n    subprocess.run(["git", "clone", "--branch", branch, repository], check=True)',
      safe: 'import subprocess\nfrom urllib.parse import urlsplit\n\nALLOWED_HOSTS = {"github.com", "gitlab.com"}\n\ndef fetch(repository, branch):\n    if urlsplit(repository).hostname not in ALLOWED_HOSTS or branch.startswith("-"):\n        raise ValueError("unexpected repository or branch")\n    # "--" ends the options: what follows is never read as one.\n    subprocess.run(["git", "clone", "--branch", branch, "--", repository], check=True)',
      references: [
        'https://cwe.mitre.org/data/definitions/78.html',
        'https://cwe.mitre.org/data/definitions/88.html',
        'https://docs.python.org/3/library/subprocess.html#security-considerations',
      ],
    },
  },
  calls: SUBPROCESS_FUNCTIONS,

  checkCall(call, context) {
    if (usesShell(call, context)) return;
    const name = call.callee.text;
    const command = call.argument(0, 'args');
    if (!command) {
      if (call.hasStarArgs || call.hasStarKwargs) {
        context.report(call.node, {
          message: `\`${name}\` gets its command through \`*args\`/\`**kwargs\`; make sure no program or option in it comes from input.`,
          confidence: 'medium',
        });
      }
      return;
    }
    if (isFixedCommand(command.value, context)) return;
    const shell = call.keyword('shell');
    if (shell && context.model.literal(shell.value) === undefined) {
      // `shell=shell`: PW301 cannot tell either; say what each value would mean.
      context.report(call.node, {
        message: `\`${name}\` runs a command and a \`shell=\` chosen at run time: input may pick what runs; fix \`shell=False\` and the program.`,
        confidence: 'medium',
      });
      return;
    }
    const items = sequenceItems(command.value);
    const programFixed = items !== undefined && items.length > 0 && items[0].type !== 'list_splat' && isFixedCommand(items[0], context);
    context.report(call.node, {
      message: programFixed
        ? `\`${name}\` passes run-time arguments: one starting with \`-\` is an option; validate them, put \`"--"\` first.`
        : `\`${name}\` runs a run-time command: input may pick the program; keep it fixed and validate the arguments.`,
    });
  },
});
