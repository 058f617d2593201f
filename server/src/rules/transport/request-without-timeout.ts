import { defineRule } from '../../engine/rule';
import { callsLoopback } from './loopback';

const TIMEOUT_CHANGE = 'a response slower than that now raises Timeout';

const VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];
const REQUESTS_FUNCTIONS = VERBS.map((verb) => `requests.${verb}`);
const HTTPX_FUNCTIONS = [...VERBS, 'stream', 'Client', 'AsyncClient'].map((name) => `httpx.${name}`);

export default defineRule({
  meta: {
    id: 'PW506',
    name: 'request-without-timeout',
    title: 'HTTP request without a timeout',
    category: 'transport',
    // Bandit B113: MEDIUM severity, LOW confidence, CWE-400. Confidence raised to high: Bandit
    // matches "requests" anywhere in the dotted name, while the call here is resolved through
    // imports to requests' (or httpx's) own function, whose missing timeout is certain.
    severity: 'medium',
    confidence: 'high',
    cwe: 400,
    bandit: 'B113',
    ruff: 'S113',
    fixable: true,
    fixApplicability: ['unsafe'],
    offInTests: true,
    docs: {
      what: 'Finds `requests.get`, `post`, `put`, `patch`, `delete`, `head`, `options` and `request` called without `timeout=` or with `timeout=None`, and httpx functions and clients (`httpx.get`, … `httpx.stream`, `httpx.Client`, `httpx.AsyncClient`) with `timeout=None`. (httpx has a 5-second default; requests has none.)',
      why: 'Without a timeout a request waits forever for a server that accepts the connection but never answers. A slow or malicious endpoint — or one an attacker makes your service call, then stalls — ties up the worker or thread making the call; enough of them exhaust the pool and the service stops answering everyone (denial of service).',
      example: 'import requests\n\nresponse = requests.get("https://api.example.com/rates")\n\nimport httpx\nclient = httpx.Client(timeout=None)',
      safe: 'import requests\n\nresponse = requests.get("https://api.example.com/rates", timeout=10)\n# Connect and read separately: timeout=(3.05, 27)\n\nimport httpx\nclient = httpx.Client(timeout=10)',
      references: [
        'https://cwe.mitre.org/data/definitions/400.html',
        'https://requests.readthedocs.io/en/latest/user/advanced/#timeouts',
        'https://www.python-httpx.org/advanced/timeouts/',
      ],
    },
  },
  calls: [...REQUESTS_FUNCTIONS, ...HTTPX_FUNCTIONS],

  checkCall(call, context) {
    const name = call.callee.text;
    // A local server (a test's, a tool's) is not the slow or hostile endpoint this guards against.
    const severity = callsLoopback(call, context.model) ? ('low' as const) : undefined;
    const timeout = call.keyword('timeout');
    if (timeout) {
      if (context.model.literal(timeout.value)?.value !== null) return;
      context.report(call.node, {
        severity,
        message: `\`${name}\` with \`timeout=None\`: a stalled server blocks it forever; set a timeout in seconds.`,
        fix: (fixer) => [fixer.unsafe('Replace timeout=None with timeout=10 (seconds)', TIMEOUT_CHANGE, fixer.replace(timeout.value, '10'))],
      });
      return;
    }
    // httpx applies a 5-second timeout by default; `**kwargs` may carry a timeout.
    if (call.qualifiedName!.startsWith('httpx.') || call.hasStarKwargs || !call.argumentList) return;
    context.report(call.node, {
      severity,
      message: `\`${name}\` has no \`timeout\`: a stalled server blocks it forever; pass \`timeout=\` in seconds.`,
      fix: (fixer) => [fixer.unsafe('Add timeout=10 (seconds)', TIMEOUT_CHANGE, fixer.addKeyword(call, 'timeout', '10'))],
    });
  },
});
