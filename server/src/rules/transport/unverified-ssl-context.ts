import { defineRule } from '../../engine/rule';
import type { Node } from 'web-tree-sitter';
import type { RuleContext } from '../../engine/rule';
import type { CallSite } from '../../engine/sites';
import type { Fix, Fixer } from '../../engine/fixer';
import { isBindingName, replaceLastName, spellOrImport } from './spelling';

const UNVERIFIED = 'ssl._create_unverified_context';
/** Keywords `_create_unverified_context` shares with `create_default_context`, with the same meaning. */
const SHARED_KEYWORDS = new Set(['purpose', 'cafile', 'capath', 'cadata']);

export default defineRule({
  meta: {
    id: 'PW502',
    name: 'unverified-ssl-context',
    title: 'Unverified SSL context',
    category: 'transport',
    // Bandit B323 rates this MEDIUM (confidence HIGH). Raised to high: the context accepts any
    // certificate for any host, the same effect as `verify=False`, which Bandit's B501 rates HIGH;
    // assigning it to `ssl._create_default_https_context` does that for every HTTPS connection
    // of the process.
    severity: 'high',
    confidence: 'high',
    cwe: 295,
    bandit: 'B323',
    ruff: 'S323',
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds calls of `ssl._create_unverified_context()` and other uses of it, such as the process-wide `ssl._create_default_https_context = ssl._create_unverified_context`.',
      why: 'An unverified context checks neither the certificate chain nor the host name, so the connection is encrypted to whoever answers — including an attacker on the network path who presents their own certificate and then reads or changes everything sent (credentials, tokens, downloaded code). Replacing `ssl._create_default_https_context` turns verification off for `urllib`, `http.client` and every library built on them.',
      example: 'import ssl\nimport urllib.request\n\ncontext = ssl._create_unverified_context()\nurllib.request.urlopen("https://example.com", context=context)\n\nssl._create_default_https_context = ssl._create_unverified_context',
      safe: 'import ssl\nimport urllib.request\n\ncontext = ssl.create_default_context()\n# A private CA: ssl.create_default_context(cafile="/etc/ssl/certs/internal-ca.pem")\nurllib.request.urlopen("https://example.com", context=context)',
      references: [
        'https://cwe.mitre.org/data/definitions/295.html',
        'https://docs.python.org/3/library/ssl.html#ssl.create_default_context',
        'https://docs.python.org/3/library/ssl.html#security-considerations',
        'https://peps.python.org/pep-0476/',
      ],
    },
  },
  calls: [UNVERIFIED],
  references: [UNVERIFIED],

  checkCall(call, context) {
    context.report(call.node, {
      message: `\`${call.callee.text}()\` checks no certificate or host name (impersonation); use \`create_default_context()\`.`,
      fix: (fixer) => callFix(call, context, fixer),
    });
  },

  checkReference(reference, context) {
    // Calls are reported by checkCall, on the whole call.
    const parent = reference.node.parent;
    if (parent?.type === 'call' && parent.childForFieldName('function')?.id === reference.node.id) return;
    if (isBindingName(reference.node)) return;
    const patchesDefault = isDefaultContextPatch(reference.node, context);
    context.report(reference.node, {
      message: patchesDefault
        ? `Patching \`ssl._create_default_https_context\` turns off TLS checks for the whole process; remove it, fix the trust store.`
        : `\`${reference.node.text}\` checks neither certificates nor host names; use \`ssl.create_default_context\`.`,
      fix: patchesDefault
        ? (fixer) => {
            const edits = replaceLastName(reference.node, UNVERIFIED, 'create_default_context', context, fixer);
            return edits ? [fixer.unsafe('Use ssl.create_default_context', 'servers with self-signed or private-CA certificates are refused', edits)] : [];
          }
        : undefined,
    });
  },
});

/** `x._create_default_https_context = <node>`, where x is the ssl module. */
function isDefaultContextPatch(node: Node, context: RuleContext): boolean {
  const assignment = node.parent;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('right')?.id !== node.id) return false;
  const left = assignment.childForFieldName('left');
  return !!left && context.model.resolve(left) === 'ssl._create_default_https_context';
}

/**
 * `ssl._create_unverified_context()` → `ssl.create_default_context()`, when the arguments mean
 * the same to both: none, or only `purpose`, `cafile`, `capath`, `cadata` by keyword.
 */
function callFix(call: CallSite, context: RuleContext, fixer: Fixer): Fix[] {
  if (call.hasStarArgs || call.hasStarKwargs) return [];
  if (!call.arguments.every((arg) => arg.name !== undefined && SHARED_KEYWORDS.has(arg.name))) return [];
  if (call.callee.type === 'attribute') {
    const attribute = call.callee.childForFieldName('attribute')!;
    return [fixer.unsafe('Use ssl.create_default_context()', 'servers with self-signed or private-CA certificates are refused', fixer.replace(attribute, 'create_default_context'))];
  }
  const spelled = spellOrImport('ssl.create_default_context', call.node, context, fixer);
  if (!spelled) return [];
  return [fixer.unsafe('Use ssl.create_default_context()', 'servers with self-signed or private-CA certificates are refused', [...spelled.edits, fixer.replace(call.callee, spelled.text)])];
}
