// Spelling a name from a (sub)module in a fix: through the file's imports when they reach it,
// otherwise as the full dotted name with `import package.module` added.
import type { Node } from 'web-tree-sitter';
import type { Fixer, Spelled } from '../../engine/fixer';
import type { RuleContext } from '../../engine/rule';

/**
 * How to write `qualifiedName` (a name in `module`, e.g. "defusedxml.ElementTree.parse" in
 * "defusedxml.ElementTree") at `at`. An import of the name or of its module is used as it is
 * spelled (`DET.parse`, `parse`); a name reached through the top-level package
 * (`defusedxml.ElementTree.parse` after `import defusedxml`) also needs `import module`, since
 * importing a package does not load its submodules. Undefined when the package's name is bound
 * to something else there, so that no import can make the name right.
 */
export function spellModuleName(qualifiedName: string, module: string, at: Node, context: RuleContext, fixer: Fixer): Spelled | undefined {
  const top = module.split('.')[0];
  const spelled = context.model.spell(qualifiedName, at);
  if (spelled && !spelled.startsWith(`${top}.`)) return { text: spelled, edits: [] };
  const binding = context.model.lookup(top, at);
  if (binding && !(binding.kind === 'import' && binding.target === top)) return undefined;
  return { text: spelled ?? qualifiedName, edits: fixer.ensureImport(module) };
}
