import { defineRule } from '../../engine/rule';
import { isBindingName, isComparisonOperand, replaceLastName } from './spelling';

export default defineRule({
  meta: {
    id: 'PW503',
    name: 'tls-verification-disabled',
    title: 'TLS certificate or host name verification disabled',
    category: 'transport',
    // Neither Bandit nor Ruff has this check. Rated like Bandit's B501 (verify=False, HIGH/HIGH),
    // which has the same effect: the client accepts a certificate it should reject.
    severity: 'high',
    confidence: 'high',
    cwe: 295,
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds uses of `ssl.CERT_NONE` (`ctx.verify_mode = ssl.CERT_NONE`, `cert_reqs=ssl.CERT_NONE`, also the string `cert_reqs="CERT_NONE"` that urllib3 accepts) and assignments `x.check_hostname = False`. Comparisons such as `if ctx.verify_mode == ssl.CERT_NONE:` are not reported.',
      why: '`CERT_NONE` accepts any certificate, even one the attacker generated a minute ago; `check_hostname = False` accepts any valid certificate for any site, so an attacker only needs a certificate for a domain of their own. Either way someone on the network path — public Wi-Fi, a compromised router, a hostile proxy — can impersonate the server, read the traffic and change it.',
      example: 'import ssl\n\nctx = ssl.create_default_context()\nctx.check_hostname = False\nctx.verify_mode = ssl.CERT_NONE\n\npool = urllib3.PoolManager(cert_reqs=ssl.CERT_NONE)',
      safe: 'import ssl\n\nctx = ssl.create_default_context()  # CERT_REQUIRED and check_hostname = True\n# A private CA: ctx.load_verify_locations("/etc/ssl/certs/internal-ca.pem")\n\npool = urllib3.PoolManager(cert_reqs=ssl.CERT_REQUIRED)',
      references: [
        'https://cwe.mitre.org/data/definitions/295.html',
        'https://docs.python.org/3/library/ssl.html#ssl.SSLContext.verify_mode',
        'https://docs.python.org/3/library/ssl.html#ssl.SSLContext.check_hostname',
        'https://urllib3.readthedocs.io/en/stable/advanced-usage.html#certificate-verification',
      ],
    },
  },
  references: ['ssl.CERT_NONE'],
  attributes: ['check_hostname'],
  keywords: ['cert_reqs'],

  checkReference(reference, context) {
    if (isComparisonOperand(reference.node) || isBindingName(reference.node)) return;
    context.report(reference.node, {
      message: `\`${reference.node.text}\` turns off certificate checks: anyone on the network can impersonate the server; verify them.`,
      // Not preferred: it makes connections to hosts with self-signed or private-CA certificates
      // fail until their CA is trusted — that is the point, but someone should look.
      fix: (fixer) => {
        const edits = replaceLastName(reference.node, reference.qualifiedName, 'CERT_REQUIRED', context, fixer);
        return edits ? [fixer.unsafe('Use ssl.CERT_REQUIRED', 'servers with self-signed or private-CA certificates are refused', edits)] : [];
      },
    });
  },

  checkAttribute(attribute, context) {
    const assignment = attribute.parent;
    if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.id !== attribute.id) return;
    const right = assignment.childForFieldName('right');
    if (!right || context.model.literal(right)?.value !== false) return;
    context.report(attribute, {
      message: `\`${attribute.text} = ${right.text}\` turns off host name checks: any site's certificate is accepted; leave it on.`,
      // Not preferred: with `verify_mode = CERT_NONE` set afterwards, Python raises ValueError
      // once check_hostname is True; fix that line too.
      fix: (fixer) => [fixer.unsafe('Set check_hostname = True', 'certificates for another host name are refused', fixer.replace(right, 'True'))],
    });
  },

  checkCall(call, context) {
    // urllib3 also accepts the name as a string: `cert_reqs="CERT_NONE"` or `"NONE"`.
    const certReqs = call.keyword('cert_reqs');
    if (!certReqs || (certReqs.value.type !== 'string' && certReqs.value.type !== 'concatenated_string')) return;
    const value = context.model.literal(certReqs.value)?.value;
    if (value !== 'CERT_NONE' && value !== 'NONE') return;
    context.report(certReqs.value, {
      message: `\`cert_reqs=${certReqs.value.text}\` turns off certificate checks: the server can be impersonated; use \`CERT_REQUIRED\`.`,
      fix: (fixer) => {
        const quote = certReqs.value.text.endsWith("'") ? "'" : '"';
        return [fixer.unsafe('Use CERT_REQUIRED', 'servers with self-signed or private-CA certificates are refused', fixer.replace(certReqs.value, `${quote}CERT_REQUIRED${quote}`))];
      },
    });
  },
});
