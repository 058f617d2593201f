// Where a value comes from, as far as rules that run or deserialize it care: downloaded from the
// network, written as a constant in the source, or anything else. Shared by the code-execution
// rules (PW201, PW202) and the deserialization rules, which report network content as high severity.
import type { Node } from 'web-tree-sitter';
import type { SemanticModel } from '../../engine/semantic/model';

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];

/** Receivers whose HTTP-method calls fetch a response: modules, and clients built by a call. */
const HTTP_CLIENTS = [
  'requests',
  'requests.api',
  'requests.Session()',
  'requests.session()',
  'requests.sessions.Session()',
  'httpx',
  'httpx.Client()',
  'httpx.AsyncClient()',
  'aiohttp.ClientSession()',
];

/** Qualified names of calls that return content fetched over the network (or a response holding it). */
export const NETWORK_FETCHES: ReadonlySet<string> = new Set([
  ...HTTP_CLIENTS.flatMap((client) => HTTP_METHODS.map((method) => `${client}.${method}`)),
  'httpx.stream',
  'httpx.Client().stream',
  'httpx.AsyncClient().stream',
  'aiohttp.request',
  'urllib.request.urlopen',
  'urllib.request.build_opener().open',
  'urllib.urlopen',
  'urllib2.urlopen',
  'urllib2.build_opener().open',
  'six.moves.urllib.request.urlopen',
  'urllib3.request',
  'urllib3.PoolManager().request',
  'urllib3.PoolManager().urlopen',
]);

/** How far names are followed to their values (`r = get(u)`, `body = r.text`, `exec(body)`: two). */
const MAX_NAME_DEPTH = 3;
/**
 * Nodes looked at per question, so that a huge argument expression stays cheap: real cases
 * (`exec(requests.get(url).text)`, through a name or two) take a dozen; nested `eval(eval(…))`
 * chains ask again at every level.
 */
const MAX_NODES = 100;

export type ContentSource = 'network' | 'constant' | 'other';

/**
 * Where the value of `expression` comes from: "network" when it contains a call that fetches
 * from the network (directly, or through names assigned once from such expressions, or bound
 * by `with urlopen(url) as response`), "constant" for a string literal or a name bound once to
 * one, "other" otherwise.
 */
export function contentSource(expression: Node, model: SemanticModel): ContentSource {
  if (containsNetworkContent(expression, model)) return 'network';
  const literal = model.literal(expression);
  return literal && typeof literal.value === 'string' ? 'constant' : 'other';
}

/** Whether evaluating `expression` uses content fetched over the network. */
export function containsNetworkContent(expression: Node, model: SemanticModel): boolean {
  return model.memo(`network:${expression.startIndex}:${expression.endIndex}:${expression.type}`, () => search(expression, model, 0, { left: MAX_NODES }));
}

/** Whether `call` (a `call` node) fetches from the network: `requests.get(url)`, `session.get(url)`, `urlopen(url)`. */
export function isNetworkFetch(call: Node, model: SemanticModel): boolean {
  const callee = call.childForFieldName('function');
  // The model follows clients held in names: `s = requests.Session(); s.get(u)` → "requests.Session().get".
  const name = callee ? model.resolve(callee) : undefined;
  return name !== undefined && NETWORK_FETCHES.has(name);
}

function search(expression: Node, model: SemanticModel, depth: number, budget: { left: number }): boolean {
  const stack: Node[] = [expression];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (--budget.left < 0) return false;
    // Code in a lambda does not run where the expression is evaluated.
    if (node.type === 'lambda') continue;
    if (node.type === 'call' && isNetworkFetch(node, model)) return true;
    if (node.type === 'identifier' && depth < MAX_NAME_DEPTH && isNameRead(node)) {
      // A name assigned once, or bound by `with urlopen(url) as response`.
      const value = model.assignedValue(node);
      if (value && search(value, model, depth + 1, budget)) return true;
      continue;
    }
    for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return false;
}

/** An identifier read as a variable, not an attribute name (`r.text`) or a keyword (`f(text=…)`). */
function isNameRead(identifier: Node): boolean {
  const parent = identifier.parent;
  if (!parent) return true;
  if (parent.type === 'attribute') return parent.childForFieldName('attribute')?.id !== identifier.id;
  if (parent.type === 'keyword_argument') return parent.childForFieldName('name')?.id !== identifier.id;
  return true;
}
