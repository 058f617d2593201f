// Naming something from a module in a fix, in the file's own import style: through an existing
// import; by adding the name to an existing `from module import …` line; with a new
// `from module import name` line when the file imports from the same package that way; or as
// `module.name` with `import module` added.
import type { Node } from 'web-tree-sitter';
import type { Fixer, Spelled } from '../../engine/fixer';
import type { RuleContext } from '../../engine/rule';

/**
 * How to write `qualifiedName` ("jinja2.select_autoescape") at `at`. Undefined when neither the
 * short name nor the module's name can be used there (both bound to something else).
 */
export function spellImported(qualifiedName: string, at: Node, root: Node, context: RuleContext, fixer: Fixer): Spelled | undefined {
  const spelled = context.model.spell(qualifiedName, at);
  const dot = qualifiedName.lastIndexOf('.');
  const module = qualifiedName.slice(0, dot);
  const name = qualifiedName.slice(dot + 1);
  const top = module.split('.')[0];
  // `import django` does not load `django.utils.html`: a name reached through the package needs
  // the submodule imported too.
  if (spelled && (!spelled.startsWith(`${top}.`) || module === top)) return { text: spelled, edits: [] };
  if (!spelled && context.model.lookup(name, at) === undefined) {
    const fromImport = moduleLevelFromImport(root, (m) => m === module);
    const added = fromImport && fixer.addImportedName(fromImport, name);
    if (added) return { text: name, edits: [added] };
    // The file imports from the same package with `from … import …`: do the same.
    if (moduleLevelFromImport(root, (m) => m === top || m.startsWith(`${top}.`))) {
      return { text: name, edits: [fixer.importLine(`from ${module} import ${name}`)] };
    }
  }
  const binding = context.model.lookup(top, at);
  if (binding && !(binding.kind === 'import' && binding.target === top)) return undefined;
  return { text: spelled ?? qualifiedName, edits: fixer.ensureImport(module) };
}

/** The first module-level `from module import a, b` (not `*`, not relative) whose module matches. */
function moduleLevelFromImport(root: Node, matches: (module: string) => boolean): Node | undefined {
  for (const statement of root.namedChildren) {
    if (statement?.type !== 'import_from_statement') continue;
    const module = statement.childForFieldName('module_name')?.text;
    if (!module || !matches(module)) continue;
    if (statement.namedChildren.some((c) => c?.type === 'wildcard_import')) continue;
    return statement;
  }
  return undefined;
}
