import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { RuleContext } from '../../engine/rule';
import type { CallSite } from '../../engine/sites';
import { brief, classifyCommand } from './command-words';
import { SHELL_FUNCTIONS, SUBPROCESS_FUNCTIONS, usesShell } from './process-calls';

/** Calls PW301 and PW302 already report. */
const COVERED = new Set([...SUBPROCESS_FUNCTIONS, ...Object.keys(SHELL_FUNCTIONS)]);

export default defineRule({
  meta: {
    id: 'PW305',
    name: 'call-with-shell-true',
    title: 'Function called with shell=True',
    category: 'shell-injection',
    // Bandit B604: MEDIUM/LOW. A fixed literal command is reported with severity low, like
    // PW301. Confidence is raised to medium when the callee is a function of this file that
    // passes its `shell` parameter on; a local function that ignores `shell` is not reported.
    severity: 'medium',
    confidence: 'low',
    cwe: 78,
    bandit: 'B604',
    ruff: 'S604',
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds calls that pass `shell=True` (or a name bound to a truthy constant) to anything other than the `subprocess` functions PW301 covers and the shell functions PW302 covers: the project\'s own `run_command(cmd, shell=True)` helpers, task-runner and SSH wrappers, or `subprocess` reached through a name the analysis cannot follow.',
      why: 'A `shell=` parameter almost always ends in `subprocess` with `shell=True`, so the command string is interpreted by `/bin/sh`: `;`, `|`, `&&`, `$(…)` and backticks in any value formatted into it start other commands. The wrapper hides that from reviewers and from PW301.',
      example: 'from deploy.util import run_command\n\ndef restart(service):\n    run_command(f"systemctl restart {service}", shell=True)',
      safe: 'from deploy.util import run_command\n\ndef restart(service):\n    run_command(["systemctl", "restart", service])',
      references: [
        'https://cwe.mitre.org/data/definitions/78.html',
        'https://docs.python.org/3/library/subprocess.html#security-considerations',
      ],
    },
  },
  // A local helper's `def` (does it pass `shell` on?) may be anywhere in the module.
  reads: ['module'],
  keywords: ['shell'],

  checkCall(call, context) {
    if (call.qualifiedName !== undefined && COVERED.has(call.qualifiedName)) return;
    if (!usesShell(call, context)) return;
    const wrapper = localFunction(call, context);
    if (wrapper && !passesShellOn(wrapper)) return;
    const name = call.callee.text;
    const confidence = wrapper ? 'medium' : undefined;
    const command = call.positional(0);
    const kind = command ? classifyCommand(command.value, context) : undefined;
    if (command && kind && kind.kind !== 'dynamic') {
      context.report(call.node, {
        message: `\`${name}\` gets \`shell=True\` and a fixed command: injectable once a value is formatted in; pass a list without it.`,
        severity: 'low',
        confidence,
      });
      return;
    }
    context.report(call.node, {
      message: command
        ? `\`${name}\` gets \`shell=True\` and a run-time command (injection); pass a list, or \`shlex.quote\` each value.`
        : `\`${name}\` gets \`shell=True\`: a command built from input could run other commands; pass a list without \`shell=True\`.`,
      confidence,
    });
  },
});

/** The `def` a bare-name callee refers to, when it is defined in this file. */
function localFunction(call: CallSite, context: RuleContext): Node | undefined {
  if (call.callee.type !== 'identifier') return undefined;
  const binding = context.model.lookup(call.callee.text, call.callee);
  if (!binding || binding.kind !== 'def') return undefined;
  const name = context.model.nodeAt(binding.start, binding.end);
  return name?.parent?.type === 'function_definition' ? name.parent : undefined;
}

/**
 * Whether a function does something with a `shell` argument: it has a `shell` parameter that
 * its body reads, or takes `**kwargs`. One that accepts `shell` and ignores it runs no shell.
 */
function passesShellOn(fn: Node): boolean {
  const parameters = fn.childForFieldName('parameters');
  const body = fn.childForFieldName('body');
  if (!parameters || !body) return true;
  if (parameters.namedChildren.some((p) => p?.type === 'dictionary_splat_pattern')) return true;
  const declared = parameters.namedChildren.some((p) => {
    if (!p) return false;
    const name = p.type === 'identifier' ? p : p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier');
    return name?.text === 'shell';
  });
  if (!declared) return false;
  return body.descendantsOfType('identifier').some((id) => id?.text === 'shell' && !(id.parent?.type === 'keyword_argument' && id.parent.childForFieldName('name')?.id === id.id));
}
