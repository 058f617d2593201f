// Naming a replacement (`hashlib.sha256`, `Crypto.Hash.SHA256`) the way the file already imports
// things: through an existing import, by adding the name to the `from … import …` statement the
// replaced name came from, or by importing the module that defines it.
import type { Node } from 'web-tree-sitter';
import type { Fixer, Spelled, TextEdit } from '../../engine/fixer';
import type { RuleContext } from '../../engine/rule';
import type { Binding } from '../../engine/semantic/bindings';

/**
 * How to write `qualifiedName` at `at`.
 * - Through the file's imports when they already reach it (`h.sha256` after `import hashlib as h`);
 *   a submodule (`qualifiedName === modulePath`) only through a binding of the module itself.
 * - When `sibling` is a bare name imported from the same module (`md5` from `from hashlib import
 *   md5`), by adding the new name to that import statement (`from hashlib import md5, sha256`).
 * - Otherwise as the full dotted name after `import <modulePath>` (the module that defines it:
 *   importing a package does not import its submodules), unless that name's first part is bound
 *   to something else there. Undefined when none works.
 */
export function spellMember(
  qualifiedName: string,
  modulePath: string,
  at: Node,
  context: RuleContext,
  fixer: Fixer,
  sibling?: Node,
): Spelled | undefined {
  const spelled = context.model.spell(qualifiedName, at);
  // A submodule (`Crypto.Hash.SHA256`) reached through its package's name is only there once
  // something imports it: then only a binding of the module itself will do.
  const isModule = qualifiedName === modulePath;
  if (spelled && !(isModule && spelled.includes('.'))) return { text: spelled, edits: [] };
  const parent = qualifiedName.slice(0, qualifiedName.lastIndexOf('.'));
  const last = qualifiedName.slice(qualifiedName.lastIndexOf('.') + 1);
  // The replaced name's import, when this is its only use: it is rewritten rather than left unused.
  let replaceable: { statement: Node; name: Node } | undefined;
  if (sibling?.type === 'identifier') {
    const binding = context.model.lookup(sibling.text, sibling);
    const target = binding?.kind === 'import' ? binding.target : undefined;
    if (binding && target && target.slice(0, target.lastIndexOf('.')) === parent) {
      replaceable = onlyUse(binding, sibling, context) ? importedName(binding, context) : undefined;
      if (replaceable && !context.model.lookup(last, at)) return { text: last, edits: [fixer.replace(replaceable.name, last)] };
      const edit = context.model.lookup(last, at) ? undefined : addToFromImport(binding, last, context, fixer);
      if (edit) return { text: last, edits: [edit] };
    }
  }
  const root = modulePath.split('.')[0];
  const rootBinding = context.model.lookup(root, at);
  if (rootBinding && !(rootBinding.kind === 'import' && rootBinding.target === root)) return undefined;
  const imports = fixer.ensureImport(modulePath);
  // `from hashlib import md5` used only here becomes `import hashlib`.
  const single = replaceable && replaceable.statement.childrenForFieldName('name').filter((n) => !!n).length === 1;
  if (replaceable && single && imports.length > 0) return { text: qualifiedName, edits: [fixer.replace(replaceable.statement, `import ${modulePath}`)] };
  return { text: qualifiedName, edits: imports };
}

/** Whether `use` is the only reference in the file to `binding` (outside its import). */
function onlyUse(binding: Binding, use: Node, context: RuleContext): boolean {
  for (const identifier of use.tree.rootNode.descendantsOfType('identifier')) {
    if (!identifier || identifier.text !== use.text || identifier.id === use.id) continue;
    if (identifier.startIndex >= binding.start && identifier.endIndex <= binding.end) continue;
    let inImport = false;
    for (let node = identifier.parent; node; node = node.parent) {
      if (node.type === 'import_from_statement' || node.type === 'import_statement') inImport = true;
    }
    if (inImport) continue;
    if (context.model.lookup(identifier.text, identifier)?.start === binding.start) return false;
  }
  return true;
}

/** The statement and the imported name (`md5`, or `md5 as digest` whole) that made `binding`. */
function importedName(binding: Binding, context: RuleContext): { statement: Node; name: Node } | undefined {
  let node: Node | null | undefined = context.model.nodeAt(binding.start, binding.end);
  let name: Node | undefined;
  while (node && node.type !== 'import_from_statement') {
    if (node.type === 'aliased_import' || (node.type === 'dotted_name' && node.parent?.type === 'import_from_statement')) name = node;
    node = node.parent;
  }
  return node && name ? { statement: node, name } : undefined;
}

/** `from m import a` → `from m import a, name`: adds a name to the statement that made `binding`. */
function addToFromImport(binding: Binding, name: string, context: RuleContext, fixer: Fixer): TextEdit | undefined {
  let node: Node | null | undefined = context.model.nodeAt(binding.start, binding.end);
  while (node && node.type !== 'import_from_statement') node = node.parent;
  return node ? fixer.addImportedName(node, name) : undefined;
}
