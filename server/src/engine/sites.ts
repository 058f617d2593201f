// The places rules look at: calls (with their arguments) and references to qualified names.
import type { Node } from 'web-tree-sitter';

export interface Argument {
  /** The whole argument as written: the expression, or the `name=value` keyword node. */
  node: Node;
  /** The argument's value expression. */
  value: Node;
  /** Keyword name, for keyword arguments. */
  name?: string;
  /** Position among positional arguments, for positional ones. */
  index?: number;
}

export class CallSite {
  readonly callee: Node;
  readonly arguments: readonly Argument[];
  /** `f(*args)` or `f(**kwargs)`: an argument may be hidden in them. */
  readonly hasStarArgs: boolean;
  readonly hasStarKwargs: boolean;
  /** The argument list node, `(` … `)`; undefined for `f(x for x in y)`. */
  readonly argumentList: Node | undefined;

  constructor(
    /** The `call` node. */
    readonly node: Node,
    /** The callee resolved through imports and aliases: "pickle.loads", "builtins.eval". */
    readonly qualifiedName: string | undefined,
  ) {
    this.callee = node.childForFieldName('function')!;
    const list = node.childForFieldName('arguments');
    this.argumentList = list?.type === 'argument_list' ? list : undefined;
    const args: Argument[] = [];
    let starArgs = false;
    let starKwargs = false;
    let position = 0;
    if (this.argumentList) {
      for (const child of this.argumentList.namedChildren) {
        if (!child || child.type === 'comment') continue;
        if (child.type === 'keyword_argument') {
          const name = child.childForFieldName('name');
          const value = child.childForFieldName('value');
          if (name && value) args.push({ node: child, value, name: name.text });
        } else if (child.type === 'list_splat') {
          starArgs = true;
        } else if (child.type === 'dictionary_splat') {
          starKwargs = true;
        } else {
          args.push({ node: child, value: child, index: position++ });
        }
      }
    } else if (list) {
      args.push({ node: list, value: list, index: 0 });
    }
    this.arguments = args;
    this.hasStarArgs = starArgs;
    this.hasStarKwargs = starKwargs;
  }

  /** The method or function name as written last in the callee: `loads` in `pk.loads(...)`. */
  get methodName(): string | undefined {
    if (this.callee.type === 'attribute') return this.callee.childForFieldName('attribute')?.text;
    if (this.callee.type === 'identifier') return this.callee.text;
    return undefined;
  }

  positional(index: number): Argument | undefined {
    return this.arguments.find((arg) => arg.index === index);
  }

  keyword(name: string): Argument | undefined {
    return this.arguments.find((arg) => arg.name === name);
  }

  /** The argument a parameter receives, passed either by position or by keyword. */
  argument(index: number, name: string): Argument | undefined {
    return this.keyword(name) ?? this.positional(index);
  }
}

export interface Reference {
  /** The identifier or attribute expression, e.g. `ssl.CERT_NONE`. */
  node: Node;
  qualifiedName: string;
}

export interface TokenSite {
  /** The token as the rule listed it. */
  token: string;
  /** Its offset in the text. */
  start: number;
  /** The smallest syntax node holding it: a string's content, a comment, an identifier… */
  node: Node;
}

/** Text tokens for words in any case a name may use: `password`, `Password`, `PASSWORD`. */
export function caseVariants(words: readonly string[]): string[] {
  return [...new Set(words.flatMap((word) => [word, word[0].toUpperCase() + word.slice(1), word.toUpperCase()]))];
}

/**
 * The nearest ancestor (or the node itself) of one of these types, looking at most `levels`
 * nodes up and never past a statement: how a token rule finds the construct its token is in.
 */
export function enclosing(node: Node, types: ReadonlySet<string>, levels = 5): Node | undefined {
  let at: Node | null = node;
  for (let level = 0; at && level <= levels; level++, at = at.parent) {
    if (types.has(at.type)) return at;
    if (at.type.endsWith('_statement') || at.type === 'block' || at.type === 'module') return undefined;
  }
  return undefined;
}
