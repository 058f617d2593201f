import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { RuleContext } from '../../engine/rule';
import { brief } from '../shell-injection/command-words';

/** Functions that open a URL of any scheme urllib knows (`file:`, `ftp:`, `data:`, custom handlers). */
const OPENERS = [
  'urllib.request.urlopen',
  'urllib.request.urlretrieve',
  'urllib.request.build_opener().open',
  'urllib.request.OpenerDirector().open',
  'six.moves.urllib.request.urlopen',
  'six.moves.urllib.request.urlretrieve',
  // Python 2
  'urllib.urlopen',
  'urllib.urlretrieve',
  'urllib2.urlopen',
  'urllib2.build_opener().open',
];
/** Request objects: the URL is checked where the request is built. */
const REQUESTS = ['urllib.request.Request', 'six.moves.urllib.request.Request', 'urllib2.Request'];
/** Deprecated opener classes that read local files and FTP whatever URL they are later given. */
const LEGACY_OPENERS = [
  'urllib.request.URLopener',
  'urllib.request.FancyURLopener',
  'six.moves.urllib.request.URLopener',
  'six.moves.urllib.request.FancyURLopener',
  'urllib.URLopener',
  'urllib.FancyURLopener',
];

export default defineRule({
  meta: {
    id: 'PW507',
    name: 'url-open-unchecked-scheme',
    title: 'URL opened with urllib without checking its scheme',
    category: 'transport',
    // Bandit B310: MEDIUM/HIGH, CWE-22, for every call. Quieter here: a URL written as an
    // `http://` or `https://` literal (or starting with one, like Ruff's S310) is not reported,
    // and a fixed literal URL of another scheme is low severity.
    severity: 'medium',
    confidence: 'high',
    cwe: 22,
    bandit: 'B310',
    ruff: 'S310',
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds `urllib.request.urlopen`, `urlretrieve`, `Request` and opener `open` calls (and their `six.moves` and Python 2 forms) whose URL is not an `http://` or `https://` literal, and any use of the deprecated `URLopener` / `FancyURLopener`.',
      why: 'urllib opens whatever scheme the URL names, not only HTTP: `file:///etc/passwd` or `file:///proc/self/environ` returns local files (with secrets), `ftp://` and `data:` URLs work too. When the URL comes from a user, a webhook configuration or a fetched document, the "download" becomes a local file read whose content is then returned or stored, and `http://169.254.169.254/` style URLs reach internal services.',
      example: 'from urllib.request import urlopen\n\ndef fetch_avatar(url):\n    with urlopen(url, timeout=10) as response:\n        return response.read()',
      safe: 'from urllib.parse import urlsplit\nfrom urllib.request import urlopen\n\ndef fetch_avatar(url):\n    if urlsplit(url).scheme not in ("http", "https"):\n        raise ValueError("only http(s) URLs are allowed")\n    with urlopen(url, timeout=10) as response:\n        return response.read()',
      references: [
        'https://cwe.mitre.org/data/definitions/22.html',
        'https://docs.python.org/3/library/urllib.request.html#urllib.request.urlopen',
        'https://docs.python.org/3/library/urllib.parse.html#urllib.parse.urlsplit',
      ],
    },
  },
  calls: [...OPENERS, ...REQUESTS, ...LEGACY_OPENERS],

  checkCall(call, context) {
    const qualifiedName = call.qualifiedName!;
    const name = call.callee.text;
    if (LEGACY_OPENERS.includes(qualifiedName)) {
      context.report(call.node, {
        message: `\`${name}\` is deprecated and opens \`file:\` URLs too; check the scheme and use \`urllib.request.urlopen\`.`,
      });
      return;
    }
    const url = call.argument(0, qualifiedName.endsWith('.open') ? 'fullurl' : 'url');
    if (!url) return;
    // `urlopen(Request(url))`: the Request call is checked on its own.
    if (!REQUESTS.includes(qualifiedName) && isRequest(url.value, context)) return;
    const scheme = schemeOf(url.value, context, 0);
    // A literal without a scheme makes urlopen raise ValueError: nothing is opened.
    if (scheme === 'http' || scheme === 'https' || scheme === '') return;
    if (scheme !== undefined) {
      context.report(call.node, {
        message: `\`${name}\` opens a fixed \`${scheme}:\` URL; fine if intended, but only \`http(s):\` is usually meant.`,
        severity: 'low',
        confidence: 'medium',
      });
      return;
    }

    context.report(call.node, {
      message: `\`${name}\` opens any scheme (\`file:///etc/passwd\` reads local files); check the scheme is http(s) first.`,
    });
  },
});

/** Whether a URL argument is a `Request(...)` object built here or held in a name bound once to one. */
function isRequest(node: Node, context: RuleContext): boolean {
  let value: Node | undefined = node;
  if (value.type === 'identifier') value = context.model.assignedValue(value);
  if (value?.type !== 'call') return false;
  const fn = value.childForFieldName('function');
  const name = fn ? context.model.resolve(fn) : undefined;
  return name !== undefined && REQUESTS.includes(name);
}

/**
 * The scheme a URL is fixed to by the source, lower-case: a literal, an f-string or `+`
 * concatenation starting with a literal `scheme:`, a `"…".format()`/`%` template, or a name
 * bound once to one of those. Undefined when the scheme is decided at run time.
 */
function schemeOf(node: Node, context: RuleContext, depth: number): string | undefined {
  if (depth > 4) return undefined;
  const literal = context.model.literal(node);
  if (literal) return typeof literal.value === 'string' ? leadingScheme(literal.value) : undefined;
  switch (node.type) {
    case 'parenthesized_expression':
      return node.firstNamedChild ? schemeOf(node.firstNamedChild, context, depth + 1) : undefined;
    case 'string': {
      // An f-string: the literal text before its first interpolation.
      let text = '';
      for (const child of node.namedChildren) {
        if (!child) continue;
        if (child.type === 'interpolation') break;
        if (child.type === 'string_content' || child.type === 'escape_sequence') text += child.text;
      }
      return leadingScheme(text, true);
    }
    case 'concatenated_string':
      return node.firstNamedChild ? schemeOf(node.firstNamedChild, context, depth + 1) : undefined;
    case 'binary_operator': {
      const operator = node.childForFieldName('operator')?.type;
      const left = node.childForFieldName('left');
      return (operator === '+' || operator === '%') && left ? schemeOf(left, context, depth + 1) : undefined;
    }
    case 'call': {
      const fn = node.childForFieldName('function');
      if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'format') return undefined;
      const object = fn.childForFieldName('object');
      const template = object ? context.model.literal(object)?.value : undefined;
      return typeof template === 'string' ? leadingScheme(template.split('{')[0], true) : undefined;
    }
    case 'identifier': {
      const value = context.model.assignedValue(node);
      return value ? schemeOf(value, context, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The scheme at the start of a URL text ('' when it has none). For a prefix (the literal part
 * of a URL built at run time) only a complete `http://`/`https://` counts: `"ht" + rest` or
 * `"file:" + path` leave what is opened to run time.
 */
function leadingScheme(text: string, prefix = false): string | undefined {
  if (prefix) return /^\s*(https?):\/\//i.exec(text)?.[1].toLowerCase();
  const match = /^\s*([A-Za-z][A-Za-z0-9+.-]*):/.exec(text);
  return match ? match[1].toLowerCase() : '';
}

