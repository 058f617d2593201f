import { defineRule } from '../../engine/rule';
import type { Node } from 'web-tree-sitter';
import { isBindingName, isComparisonOperand, replaceLastName } from './spelling';

const POLICIES = ['paramiko.AutoAddPolicy', 'paramiko.WarningPolicy', 'paramiko.client.AutoAddPolicy', 'paramiko.client.WarningPolicy'];

export default defineRule({
  meta: {
    id: 'PW505',
    name: 'ssh-auto-add-policy',
    title: 'SSH host key accepted without verification (paramiko)',
    category: 'transport',
    // Bandit B507: HIGH/MEDIUM. References passed to `set_missing_host_key_policy` are reported
    // with high confidence: the name is resolved through imports, not matched as text.
    severity: 'high',
    confidence: 'medium',
    cwe: 295,
    bandit: 'B507',
    ruff: 'S507',
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds references to paramiko\'s `AutoAddPolicy` and `WarningPolicy` (also through `paramiko.client`), typically `client.set_missing_host_key_policy(paramiko.AutoAddPolicy())`.',
      why: 'SSH authenticates the server by its host key. `AutoAddPolicy` trusts (and saves) whatever key an unknown server presents and `WarningPolicy` only logs it, so an attacker who can redirect the connection — DNS spoofing, a hostile network, a new cloud instance on a reused IP — impersonates the server, captures the password or the commands and data sent, and can relay the session to the real host unnoticed.',
      example: 'import paramiko\n\nclient = paramiko.SSHClient()\nclient.set_missing_host_key_policy(paramiko.AutoAddPolicy())\nclient.connect("deploy.example.com", username="deploy")',
      safe: 'import paramiko\n\nclient = paramiko.SSHClient()\nclient.load_system_host_keys()  # or client.load_host_keys("known_hosts")\nclient.set_missing_host_key_policy(paramiko.RejectPolicy())\nclient.connect("deploy.example.com", username="deploy")',
      references: [
        'https://cwe.mitre.org/data/definitions/295.html',
        'https://docs.paramiko.org/en/stable/api/client.html#paramiko.client.SSHClient.set_missing_host_key_policy',
        'https://docs.paramiko.org/en/stable/api/client.html#paramiko.client.AutoAddPolicy',
      ],
    },
  },
  references: POLICIES,

  checkReference(reference, context) {
    const { node, qualifiedName } = reference;
    if (isComparisonOperand(node) || isBindingName(node)) return;
    const policy = qualifiedName.slice(qualifiedName.lastIndexOf('.') + 1);
    const effect = policy === 'AutoAddPolicy' ? 'trusts any unknown server key' : 'only warns about an unknown server key';
    context.report(node, {
      message: `\`${node.text}\` ${effect}, so servers can be impersonated; use \`RejectPolicy\`.`,
      confidence: isPolicyArgument(node) ? 'high' : undefined,
      // Not preferred: connections to hosts missing from known_hosts fail until their keys are added.
      fix: (fixer) => {
        const edits = replaceLastName(node, qualifiedName, 'RejectPolicy', context, fixer);
        return edits ? [fixer.unsafe('Use RejectPolicy', 'hosts missing from known_hosts are refused', edits)] : [];
      },
    });
  },
});

/** `x.set_missing_host_key_policy(<node>)` or `(<node>())`. */
function isPolicyArgument(node: Node): boolean {
  let value: Node = node;
  if (value.parent?.type === 'call' && value.parent.childForFieldName('function')?.id === value.id) value = value.parent;
  let list = value.parent;
  if (list?.type === 'keyword_argument') list = list.parent;
  const call = list?.type === 'argument_list' ? list.parent : undefined;
  const fn = call?.childForFieldName('function');
  return fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'set_missing_host_key_policy';
}
