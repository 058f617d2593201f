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

/**
 * Walks the expression with a tree cursor, which knows each node's parent and field without
 * `Node.parent` (a walk from the root in tree-sitter: quadratic in `eval(eval(…))` chains).
 */
function search(expression: Node, model: SemanticModel, depth: number, budget: { left: number }): boolean {
  const cursor = expression.walk();
  /** The types of the nodes above the cursor's, from the expression down. */
  const parents: string[] = [];
  try {
    for (;;) {
      const type = cursor.nodeType;
      let descend = false;
      if (cursor.nodeIsNamed) {
        if (--budget.left < 0) return false;
        if (type === 'call' && isNetworkFetch(cursor.currentNode, model)) return true;
        if (type === 'identifier') {
          if (depth < MAX_NAME_DEPTH && isNameRead(parents[parents.length - 1], cursor.currentFieldName)) {
            // A name assigned once, or bound by `with urlopen(url) as response`.
            const value = model.assignedValue(cursor.currentNode);
            if (value && search(value, model, depth + 1, budget)) return true;
          }
        } else {
          // Code in a lambda does not run where the expression is evaluated.
          descend = type !== 'lambda';
        }
      }
      if (descend && cursor.gotoFirstChild()) {
        parents.push(type);
        continue;
      }
      // The next sibling, or up until there is one; never beyond the expression.
      for (;;) {
        if (parents.length === 0) return false;
        if (cursor.gotoNextSibling()) break;
        cursor.gotoParent();
        parents.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}

/** An identifier read as a variable, not an attribute name (`r.text`) or a keyword (`f(text=…)`), from its parent's type and its field there. */
function isNameRead(parentType: string | undefined, field: string | null): boolean {
  if (parentType === 'attribute') return field !== 'attribute';
  if (parentType === 'keyword_argument') return field !== 'name';
  return true;
}
