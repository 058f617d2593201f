// Helpers for fixes that name something from a module: write it the way the user's imports
// spell it, or import the module when nothing does (and nothing shadows the module's name).
import type { Node } from 'web-tree-sitter';
import type { Fixer, Spelled, TextEdit } from '../../engine/fixer';
import type { RuleContext } from '../../engine/rule';

/**
 * How to write `qualifiedName` ("ssl.CERT_REQUIRED") at `at`: through an existing import, or
 * as `module.rest` after adding `import module`. Undefined when the module's name is bound to
 * something else there (a parameter, a local variable), so that no import can make it right.
 */
export function spellOrImport(qualifiedName: string, at: Node, context: RuleContext, fixer: Fixer): Spelled | undefined {
  const spelled = context.model.spell(qualifiedName, at);
  if (spelled) return { text: spelled, edits: [] };
  const module = qualifiedName.slice(0, qualifiedName.indexOf('.'));
  const binding = context.model.lookup(module, at);
  if (binding && !(binding.kind === 'import' && binding.target === module)) return undefined;
  return { text: qualifiedName, edits: fixer.ensureImport(module) };
}

/**
 * Replaces a reference to `qualifiedName`'s last name with `newName`, keeping how the user wrote
 * the rest: `ssl.CERT_NONE` → `ssl.CERT_REQUIRED`, `s.CERT_NONE` → `s.CERT_REQUIRED`. A bare
 * name (`from ssl import CERT_NONE`) becomes however the new name can be spelled there.
 */
export function replaceLastName(
  reference: Node,
  qualifiedName: string,
  newName: string,
  context: RuleContext,
  fixer: Fixer,
): TextEdit[] | undefined {
  if (reference.type === 'attribute') {
    const attribute = reference.childForFieldName('attribute');
    return attribute ? [fixer.replace(attribute, newName)] : undefined;
  }
  if (reference.type !== 'identifier') return undefined;
  const replacement = `${qualifiedName.slice(0, qualifiedName.lastIndexOf('.'))}.${newName}`;
  const spelled = spellOrImport(replacement, reference, context, fixer);
  return spelled ? [...spelled.edits, fixer.replace(reference, spelled.text)] : undefined;
}

/** Whether `node` is compared with something (`mode == ssl.CERT_NONE`) rather than used. */
export function isComparisonOperand(node: Node): boolean {
  let parent = node.parent;
  while (parent?.type === 'parenthesized_expression') parent = parent.parent;
  return parent?.type === 'comparison_operator';
}

/** Parents under which an identifier is a name being bound, not a use of what it was bound to before. */
const BINDING_PARENTS = new Set([
  'function_definition',
  'class_definition',
  'parameters',
  'lambda_parameters',
  'default_parameter',
  'typed_parameter',
  'typed_default_parameter',
  'list_splat_pattern',
  'dictionary_splat_pattern',
  'pattern_list',
  'tuple_pattern',
  'list_pattern',
  'as_pattern_target',
  'global_statement',
  'nonlocal_statement',
]);

/**
 * Whether a reference site is really a name being defined or assigned (`def CERT_NONE():`,
 * `CERT_NONE = 0`, a parameter, a loop variable). The engine hands such identifiers to reference
 * rules resolved to the binding before them (usually the import they shadow).
 */
export function isBindingName(node: Node): boolean {
  if (node.type !== 'identifier') return false;
  const parent = node.parent;
  if (!parent) return false;
  if (BINDING_PARENTS.has(parent.type)) {
    const value = parent.childForFieldName('value');
    return !(value && value.id === node.id);
  }
  if (['assignment', 'augmented_assignment', 'for_statement', 'for_in_clause'].includes(parent.type)) {
    return parent.childForFieldName('left')?.id === node.id;
  }
  if (parent.type === 'named_expression') return parent.childForFieldName('name')?.id === node.id;
  return false;
}
