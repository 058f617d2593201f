// Shared by try-except-pass (PW902) and try-except-continue (PW903): what an `except` clause
// catches and what its body does.
import type { Node } from 'web-tree-sitter';
import type { SemanticModel } from '../../engine/semantic/model';

/** Exception classes whose handler catches (nearly) everything. */
const BROAD = new Set(['Exception', 'BaseException']);

export interface Catch {
  /** What is caught, as written: `except:` gives undefined. */
  written?: string;
  /** The broad class caught, or "everything" for a bare `except:`; undefined for specific types. */
  broad?: string;
}

/**
 * What a clause catches. A bare `except:`, `Exception`, `BaseException` (also through
 * `builtins.`) and tuples holding one of them are broad; named exceptions are specific (Bandit's
 * default, `check_typed_exception: False`, ignores them too: a handler for `KeyError` that
 * does nothing is a decision, not a blanket).
 */
export function whatIsCaught(clause: Node, model: SemanticModel): Catch {
  let value = clause.childForFieldName('value');
  if (!value) return { broad: 'everything' };
  if (value.type === 'as_pattern') value = value.firstNamedChild;
  if (!value) return { broad: 'everything' };
  const written = value.text;
  const types = value.type === 'tuple' || value.type === 'parenthesized_expression' ? value.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment') : [value];
  for (const type of types) {
    const broad = broadName(type, model);
    if (broad) return { written, broad };
  }
  return { written };
}

function broadName(type: Node, model: SemanticModel): string | undefined {
  if (type.type === 'identifier') {
    // A name bound in the file (an import, a class of the project) is not the builtin.
    return BROAD.has(type.text) && !model.lookup(type.text, type) ? type.text : undefined;
  }
  if (type.type === 'attribute') {
    const name = model.resolve(type);
    if (name === 'builtins.Exception' || name === 'builtins.BaseException') return name.slice('builtins.'.length);
  }
  return undefined;
}

/** The statements of the clause's body, without comments. */
export function bodyStatements(clause: Node): Node[] {
  const block = clause.namedChildren.find((child) => child?.type === 'block');
  return block ? block.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment') : [];
}

/** Whether a statement is `...` on its own. */
export function isEllipsisStatement(statement: Node): boolean {
  return statement.type === 'expression_statement' && statement.namedChildCount === 1 && statement.firstNamedChild?.type === 'ellipsis';
}

/** `except Exception` / `except (OSError, Exception) as error` / `except`, as the user wrote it. */
export function describeHandler(caught: Catch): string {
  return caught.written ? `except ${caught.written}` : 'except';
}
