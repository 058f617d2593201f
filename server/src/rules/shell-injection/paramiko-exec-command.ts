import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { RuleContext } from '../../engine/rule';
import { brief, classifyCommand } from './command-words';

/** How the user's imports can name paramiko's client; any of them means paramiko is in use here. */
const PARAMIKO_NAMES = ['paramiko.SSHClient', 'paramiko.client.SSHClient', 'paramiko.Transport', 'paramiko.Channel'];

export default defineRule({
  meta: {
    id: 'PW303',
    name: 'paramiko-exec-command',
    title: 'Remote command run through paramiko exec_command',
    category: 'shell-injection',
    // Bandit B601: MEDIUM/MEDIUM for every `exec_command` call in a file that imports paramiko.
    // Here a command built at run time is high severity: the SSH server runs it with the remote
    // user's login shell, exactly like `shell=True` (PW301), only on another machine. A fixed
    // literal command is low. Confidence is high when the receiver resolves to a paramiko
    // client or channel, medium when it is an unknown object in a file that uses paramiko.
    severity: 'high',
    confidence: 'high',
    cwe: 78,
    bandit: 'B601',
    ruff: 'S601',
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds `exec_command` calls on paramiko `SSHClient` objects (also through `paramiko.client`, and on channels from `get_transport().open_session()`), and on other receivers in files that import paramiko. A command built at run time is reported with high severity, a fixed literal command with low severity.',
      why: 'SSH has no argument vector: `exec_command` sends one string, and the server runs it with the remote account\'s login shell (`sh -c`), which interprets `;`, `|`, `&&`, `$(…)` and backticks. A file name, host name or branch formatted into the command lets whoever controls that value run their own commands on the remote machine, with the credentials this code logged in with.',
      example: 'import paramiko\n\nclient = paramiko.SSHClient()\nclient.load_system_host_keys()\nclient.connect("build.example.com", username="deploy")\nclient.exec_command(f"tar xzf /srv/uploads/{filename}")',
      safe: 'import shlex\n\nimport paramiko\n\nclient = paramiko.SSHClient()\nclient.load_system_host_keys()\nclient.connect("build.example.com", username="deploy")\nclient.exec_command(f"tar xzf {shlex.quote(\'/srv/uploads/\' + filename)}")',
      references: [
        'https://cwe.mitre.org/data/definitions/78.html',
        'https://docs.paramiko.org/en/stable/api/client.html#paramiko.client.SSHClient.exec_command',
        'https://docs.python.org/3/library/shlex.html#shlex.quote',
      ],
    },
  },
  calls: ['paramiko.**.exec_command'],
  // Receivers of unknown type (`self.client`, a parameter) in a file that uses paramiko.
  methods: ['exec_command'],

  checkCall(call, context) {
    const name = call.qualifiedName;
    let confidence: 'high' | 'medium' = 'high';
    if (name === undefined || !name.startsWith('paramiko.')) {
      // A receiver the model cannot follow: only in a file that uses paramiko (Bandit's test).
      if (name !== undefined || !usesParamiko(call.node, context)) return;
      confidence = 'medium';
    }
    const callee = call.callee.text;
    const command = call.argument(0, 'command');
    if (!command) {
      if (call.hasStarArgs || call.hasStarKwargs) {
        context.report(call.node, {
          message: `\`${callee}\` runs its command in the remote shell: input in it runs other commands there; \`shlex.quote()\` every value.`,
          confidence: 'medium',
        });
      }
      return;
    }
    const kind = classifyCommand(command.value, context);
    if (kind.kind === 'dynamic' && quotedValues(command.value, context)) {
      context.report(call.node, {
        message: `\`${callee}\` quotes every value with \`shlex.quote()\`; keep doing so for every value added later.`,
        severity: 'low',
        confidence,
      });
      return;
    }
    if (kind.kind === 'dynamic') {
      context.report(call.node, {
        message: `\`${callee}\` sends a run-time command to the remote shell (injection); \`shlex.quote()\` every value.`,
        confidence,
      });
      return;
    }
    context.report(call.node, {
      message: `\`${callee}\` runs a fixed command in the remote shell: injectable once a value is added without \`shlex.quote()\`.`,
      severity: 'low',
      confidence,
    });
  },
});

/**
 * Whether a command built at run time quotes every value it formats in: an f-string whose
 * interpolations, or a `+` chain whose non-literal operands, are all `shlex.quote(…)` calls, or
 * a `shlex.join(…)` call.
 */
function quotedValues(node: Node, context: RuleContext): boolean {
  const isQuote = (n: Node) => {
    let inner = n;
    while (inner.type === 'parenthesized_expression' && inner.firstNamedChild) inner = inner.firstNamedChild;
    if (inner.type !== 'call') return false;
    const fn = inner.childForFieldName('function');
    const name = fn ? context.model.resolve(fn) : undefined;
    return name === 'shlex.quote' || name === 'pipes.quote';
  };
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    return !!fn && context.model.resolve(fn) === 'shlex.join';
  }
  if (node.type === 'string') {
    const parts = node.namedChildren.filter((c): c is Node => c?.type === 'interpolation');
    return parts.length > 0 && parts.every((part) => {
      const expression = part.namedChildren.find((c) => c && c.type !== 'type_conversion' && c.type !== 'format_specifier');
      return !!expression && isQuote(expression);
    });
  }
  if (node.type === 'binary_operator' && node.childForFieldName('operator')?.type === '+') {
    const operands = [node.childForFieldName('left'), node.childForFieldName('right')];
    return operands.every((o) => !!o && (typeof context.model.literal(o)?.value === 'string' || isQuote(o) || quotedValues(o, context)));
  }
  return false;
}

/** Whether paramiko's client, transport or channel can be named at `at` (an import of paramiko or of them). */
function usesParamiko(at: Node, context: RuleContext): boolean {
  return PARAMIKO_NAMES.some((name) => context.model.spell(name, at) !== undefined);
}
