import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { Level, RuleContext } from '../../engine/rule';
import type { Fixer, Fix } from '../../engine/fixer';

/** The wildcard addresses and what to bind to instead to stay on this machine. */
const LOOPBACK: Record<string, string> = { '0.0.0.0': '127.0.0.1', '::': '::1', '': '127.0.0.1' };

/** Calls that take the bind address as a positional argument: `app.run("0.0.0.0")`, `make_server("", 80, app)`. */
const SERVER_CALLS = new Set(['run', 'run_simple', 'make_server', 'start_server', 'create_server', 'serve', 'run_app', 'listen', 'bind']);

/** Server classes and functions that take a `(host, port)` tuple (or a host) first: `HTTPServer(("", 8000), Handler)`. */
const SERVER_CONSTRUCTORS = [
  'http.server.HTTPServer',
  'http.server.ThreadingHTTPServer',
  'socketserver.TCPServer',
  'socketserver.UDPServer',
  'socketserver.ThreadingTCPServer',
  'socketserver.ThreadingUDPServer',
  'socketserver.ForkingTCPServer',
  'socketserver.ForkingUDPServer',
  'xmlrpc.server.SimpleXMLRPCServer',
  'xmlrpc.server.DocXMLRPCServer',
  'socket.create_server',
  'wsgiref.simple_server.make_server',
  // Python 2
  'BaseHTTPServer.HTTPServer',
  'SocketServer.TCPServer',
  'SocketServer.UDPServer',
  'SocketServer.ThreadingTCPServer',
  'SimpleXMLRPCServer.SimpleXMLRPCServer',
];

/** Words that make a name, keyword or key mean "the address to listen on". */
const HOST_WORDS = new Set(['host', 'hostname', 'bind', 'listen', 'address', 'addr', 'ip', 'iface', 'interface', 'servername']);

export default defineRule({
  meta: {
    id: 'PW512',
    name: 'bind-all-interfaces',
    title: 'Server bound to all network interfaces (0.0.0.0)',
    category: 'transport',
    // Bandit B104: MEDIUM/MEDIUM for every "0.0.0.0" string. Here the confidence follows where
    // the string sits: high as the address given to a server or socket (`host=`, `bind(…)`,
    // `app.run(…)`), medium assigned to a host-like name or as a host option's default, low
    // anywhere else; comparisons and dictionary keys are not reported. "::" (the IPv6 wildcard)
    // and the empty host of `bind(("", port))` are reported in server positions too.
    severity: 'medium',
    // Test suites bind servers to every interface as a matter of course.
    offInTests: true,
    confidence: 'medium',
    cwe: 605,
    bandit: 'B104',
    ruff: 'S104',
    fixable: true,
    fixApplicability: ['unsafe'],
    docs: {
      what: 'Finds the wildcard address `"0.0.0.0"` (and `"::"`, and the empty host of `("", port)`) where it is a bind address: passed to `socket.bind`, `HTTPServer`, `app.run(host=…)`, `uvicorn.run(host=…)`, `serve(host=…)` and any `host`/`bind`/`listen` keyword, or assigned to a name like `HOST` or `BIND_ADDRESS`.',
      why: 'Binding to the wildcard address listens on every network interface of the machine: the LAN, a VPN, a public cloud address, the Docker bridge. A development server, an admin endpoint or a debugger meant for local use becomes reachable by anyone who can route to the host, often without authentication (Flask\'s and Werkzeug\'s debuggers run arbitrary code). Inside a container `0.0.0.0` is usually required, which is why this is a review point rather than an error: make it an explicit, configured choice.',
      example: 'import socket\n\nfrom flask import Flask\n\napp = Flask(__name__)\napp.run(host="0.0.0.0", port=5000)\n\nserver = socket.socket()\nserver.bind(("0.0.0.0", 9000))',
      safe: 'import os\nimport socket\n\nfrom flask import Flask\n\napp = Flask(__name__)\n# Local only by default; a deployment that needs more sets BIND_HOST explicitly.\napp.run(host=os.environ.get("BIND_HOST", "127.0.0.1"), port=5000)\n\nserver = socket.socket()\nserver.bind(("127.0.0.1", 9000))',
      references: [
        'https://cwe.mitre.org/data/definitions/605.html',
        'https://cwe.mitre.org/data/definitions/200.html',
        'https://docs.python.org/3/library/socket.html#socket.socket.bind',
        'https://flask.palletsprojects.com/en/stable/quickstart/#debug-mode',
      ],
    },
  },
  tokens: ['0.0.0.0', '::'],
  // The empty host: `sock.bind(("", port))`, `HTTPServer(("", 8000), Handler)`.
  methods: ['bind'],
  calls: SERVER_CONSTRUCTORS,

  checkToken(token, context) {
    const content = token.node;
    if (content.type !== 'string_content' || content.text !== token.token) return;
    const string = content.parent;
    if (string?.type !== 'string' || string.namedChildren.some((c) => c?.type === 'interpolation')) return;
    // Bytes, and t-strings (PEP 750), which make a Template rather than an address.
    if (/[bt]/i.test((string.firstChild?.text ?? '').replace(/['"]+$/, ''))) return;
    const place = placeOf(string);
    if (!place || (token.token === '::' && place.confidence === 'low')) return;
    report(string, token.token, place, context);
  },

  checkCall(call, context) {
    // Only the empty host here: "0.0.0.0" and "::" are found as text wherever they are.
    const first = call.positional(0)?.value;
    const host = first?.type === 'tuple' ? itemsOf(first)[0] : SERVER_CONSTRUCTORS.includes(call.qualifiedName ?? '') ? first : undefined;
    if (host?.type !== 'string' || context.model.literal(host)?.value !== '') return;
    if (call.methodName === 'bind' && first?.type !== 'tuple') return;
    report(host, '', { confidence: 'high', target: `\`${call.callee.text}\`` }, context);
  },
});

interface Place {
  confidence: Level;
  /** What receives the address, for the message: "`run`" (high), "`HOST`", "the default of a host option" (medium). */
  target?: string;
}

function report(string: Node, address: string, place: Place, context: RuleContext): void {
  const shown = address === '' ? 'The empty host' : `\`"${address}"\``;
  const loopback = LOOPBACK[address];
  const effect =
    place.confidence === 'high'
      ? `makes ${place.target} listen`
      : place.target
        ? `as ${place.target} listens`
        : 'as a bind address listens';
  context.report(string, {
    message: `${shown} ${effect} on every interface; bind to \`"${loopback}"\` unless outside access is meant.`,
    confidence: place.confidence,
    // Not preferred: it changes who can connect (a container needs 0.0.0.0 to be reachable at all).
    fix: (fixer) => [loopbackFix(fixer, string, address, loopback)],
  });
}

function loopbackFix(fixer: Fixer, string: Node, address: string, loopback: string): Fix {
  const title = `Bind to ${loopback} only`;
  const change = 'other machines can no longer connect';
  const content = string.namedChildren.find((c) => c?.type === 'string_content');
  if (content && address !== '') return fixer.unsafe(title, change, fixer.replace(content, loopback));
  // `""`: insert between the quotes.
  const end = string.namedChildren.find((c) => c?.type === 'string_end');
  return fixer.unsafe(title, change, end ? fixer.insertBefore(end, loopback) : fixer.replace(string, `"${loopback}"`));
}

/** Where a wildcard string sits, and how surely it is a bind address; undefined when it is not one. */
function placeOf(string: Node): Place | undefined {
  let node = string;
  let parent = node.parent;
  // `host or "0.0.0.0"`, `"0.0.0.0" if public else "127.0.0.1"`, `("0.0.0.0")`
  while (parent && ['parenthesized_expression', 'boolean_operator', 'conditional_expression'].includes(parent.type)) {
    if (parent.type === 'conditional_expression' && parent.namedChildren[1]?.id === node.id) return undefined; // the condition
    node = parent;
    parent = node.parent;
  }
  if (!parent) return undefined;
  if (inComparison(node)) return undefined;
  switch (parent.type) {
    case 'tuple': {
      if (itemsOf(parent)[0]?.id !== node.id) return { confidence: 'low' };
      const address = parent;
      let up = address.parent;
      while (up?.type === 'parenthesized_expression') up = up.parent;
      if (up?.type === 'argument_list') {
        const call = up.parent;
        const method = call ? calleeName(call) : undefined;
        if (method && (SERVER_CALLS.has(method) || /Server$/.test(method))) return { confidence: 'high', target: `\`${method}\`` };
        return { confidence: 'low' };
      }
      if (up?.type === 'keyword_argument') {
        // `HTTPServer(server_address=("0.0.0.0", 80), …)`, `run(address=(…))`
        const keyword = up.childForFieldName('name')?.text;
        const call = up.parent?.parent;
        if (!hostLike(keyword) && keyword !== 'server_address') return { confidence: 'low' };
        return { confidence: 'high', target: `\`${(call && calleeName(call)) ?? keyword}\`` };
      }
      return assignedPlace(up, address);
    }
    case 'keyword_argument': {
      if (parent.childForFieldName('value')?.id !== node.id) return undefined;
      const name = parent.childForFieldName('name')?.text;
      const call = parent.parent?.parent;
      if (hostLike(name)) return { confidence: 'high', target: call ? `\`${calleeName(call) ?? 'the call'}\`` : `\`${name}=\`` };
      // `parser.add_argument("--host", default="0.0.0.0")`, `click.option("--bind", default=…)`
      if (name === 'default' && call && hostOption(call)) return { confidence: 'medium', target: 'the default of a host option' };
      return { confidence: 'low' };
    }
    case 'argument_list': {
      const call = parent.parent;
      const method = call ? calleeName(call) : undefined;
      if (method && SERVER_CALLS.has(method)) return { confidence: 'high', target: `\`${method}\`` };
      // `os.environ.get("HOST", "0.0.0.0")`, `os.getenv("BIND_ADDRESS", "0.0.0.0")`
      if (call && hostOption(call)) return { confidence: 'medium', target: 'the default of a host setting' };
      return { confidence: 'low' };
    }
    case 'default_parameter':
    case 'typed_default_parameter': {
      if (parent.childForFieldName('value')?.id !== node.id) return undefined;
      const name = parent.childForFieldName('name')?.text;
      return hostLike(name) ? { confidence: 'medium', target: `the default of \`${name}\`` } : { confidence: 'low' };
    }
    case 'pair': {
      if (parent.childForFieldName('value')?.id !== node.id) return undefined; // a key
      const key = parent.childForFieldName('key');
      const text = key?.type === 'string' ? key.text.replace(/^[a-zA-Z]*["']|["']$/g, '') : undefined;
      return hostLike(text) ? { confidence: 'medium', target: `\`${text}\`` } : { confidence: 'low' };
    }
    case 'subscript':
      return undefined; // an index
    case 'expression_statement':
      return undefined; // a docstring or a bare string
    default:
      return assignedPlace(parent, node);
  }
}

/** `HOST = "0.0.0.0"`, `self.bind_address = …`, `config["HOST"] = …`: medium for host-like targets. */
function assignedPlace(parent: Node | null, value: Node): Place {
  if (parent?.type !== 'assignment' || parent.childForFieldName('right')?.id !== value.id) return { confidence: 'low' };
  const left = parent.childForFieldName('left');
  let name: string | undefined;
  if (left?.type === 'identifier') name = left.text;
  else if (left?.type === 'attribute') name = left.childForFieldName('attribute')?.text;
  else if (left?.type === 'subscript') {
    const key = left.childForFieldName('subscript');
    if (key?.type === 'string') name = key.text.replace(/^[a-zA-Z]*["']|["']$/g, '');
  }
  return hostLike(name) ? { confidence: 'medium', target: `\`${name}\`` } : { confidence: 'low' };
}

/** Whether a name means a bind address: `HOST`, `bind_address`, `listenAddr`, `server_name`. */
function hostLike(name: string | undefined): boolean {
  if (!name) return false;
  if (/^server_?name$/i.test(name)) return true;
  const words = name
    .replace(/^-+/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_\-.]+/);
  return words.some((word) => HOST_WORDS.has(word));
}

/** A call with a host-like string literal among its positional arguments: an option or setting named for the host. */
function hostOption(call: Node): boolean {
  const list = call.childForFieldName('arguments');
  return (list?.namedChildren ?? []).some((arg) => arg?.type === 'string' && hostLike(arg.text.replace(/^[a-zA-Z]*["']|["']$/g, '')));
}

function calleeName(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier') return fn.text;
  if (fn?.type === 'attribute') return fn.childForFieldName('attribute')?.text;
  return undefined;
}

function itemsOf(tuple: Node): Node[] {
  return tuple.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
}

/** Whether an expression is compared (`host == "0.0.0.0"`, `host in ("0.0.0.0", "::")`). */
function inComparison(node: Node): boolean {
  for (let up = node.parent; up; up = up.parent) {
    if (up.type === 'comparison_operator') return true;
    if (up.type.endsWith('statement') || up.type === 'call' || up.type === 'assignment' || up.type === 'block') return false;
  }
  return false;
}
