import { defineRule } from '../../engine/rule';
import type { Level } from '../../engine/rule';
import { callsLoopback } from './loopback';

const REQUESTS_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];
const SESSION_METHODS = [...REQUESTS_VERBS, 'send', 'merge_environment_settings'];
const HTTPX_CALLS = [...REQUESTS_VERBS, 'stream', 'Client', 'AsyncClient'];

/** Calls known to be requests' or httpx's, by qualified name. */
const KNOWN = new Set([
  ...REQUESTS_VERBS.map((verb) => `requests.${verb}`),
  ...REQUESTS_VERBS.map((verb) => `requests.api.${verb}`),
  ...SESSION_METHODS.map((method) => `requests.Session().${method}`),
  ...SESSION_METHODS.map((method) => `requests.session().${method}`),
  ...SESSION_METHODS.map((method) => `requests.sessions.Session().${method}`),
  ...HTTPX_CALLS.map((name) => `httpx.${name}`),
]);

/** Method names that, on an object we cannot resolve, are probably a requests session's. */
const METHOD_NAMES = new Set(SESSION_METHODS);

export default defineRule({
  meta: {
    id: 'PW501',
    name: 'request-without-cert-validation',
    title: 'HTTPS request without certificate validation (verify=False)',
    category: 'transport',
    // Bandit B501: HIGH/HIGH. Calls on a receiver we cannot resolve (`session.get`) are
    // reported with medium confidence.
    severity: 'high',
    confidence: 'high',
    cwe: 295,
    bandit: 'B501',
    ruff: 'S501',
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds `verify=False` passed to `requests` functions (`requests.get`, `post`, … `request`), to requests sessions (`requests.Session().get`, and `get`/`post`/…/`send`/`merge_environment_settings` calls on any object, with lower confidence), and to httpx (`httpx.get`, … `httpx.stream`, `httpx.Client`, `httpx.AsyncClient`).',
      why: 'With `verify=False` the client accepts any certificate, including one the attacker made for themselves. Anyone on the network path — public Wi-Fi, a compromised router, a malicious proxy — can impersonate the server, read the traffic (passwords, API tokens, session cookies) and change the responses. Disabling verification to silence an error on a development machine tends to ship to production.',
      example: 'import requests\n\nresponse = requests.get("https://api.example.com/orders", verify=False, timeout=10)\n\nimport httpx\nclient = httpx.Client(verify=False)',
      safe: 'import requests\n\nresponse = requests.get("https://api.example.com/orders", timeout=10)\n# A private CA: verify="/etc/ssl/certs/internal-ca.pem"\n\nimport httpx\nclient = httpx.Client()',
      references: [
        'https://cwe.mitre.org/data/definitions/295.html',
        'https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification',
        'https://www.python-httpx.org/advanced/ssl/',
      ],
    },
  },
  keywords: ['verify'],

  checkCall(call, context) {
    const verify = call.keyword('verify');
    if (!verify || context.model.literal(verify.value)?.value !== false) return;
    let confidence: Level | undefined;
    if (call.qualifiedName === undefined || !KNOWN.has(call.qualifiedName)) {
      if (call.callee.type !== 'attribute' || !METHOD_NAMES.has(call.methodName ?? '')) return;
      confidence = 'medium';
    }
    context.report(call.node, {
      message: `\`verify=False\` accepts any TLS certificate: the server can be impersonated; remove it (pass a CA bundle if private).`,
      confidence,
      // A call to this machine (a test against a local server) exposes nothing on the network.
      ...(callsLoopback(call, context.model) ? { severity: 'low' as const } : {}),
      fix: (fixer) =>
        // `merge_environment_settings(url, proxies, stream, verify, cert)` requires the argument.
        call.methodName === 'merge_environment_settings'
          ? [fixer.unsafe('Use verify=True', 'servers with self-signed or private-CA certificates are refused', fixer.replace(verify.value, 'True'))]
          : [fixer.unsafe('Remove verify=False', 'servers with self-signed or private-CA certificates are refused', fixer.removeArgument(call, verify))],
    });
  },
});
