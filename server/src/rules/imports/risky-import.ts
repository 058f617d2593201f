// One rule per Bandit import-blacklist check (B401–B415), built from data: the modules (or names
// in modules) whose import is reported, and what to say about them. All run in the strict
// profile: an import is a pointer for review, not a vulnerability; the risky uses themselves
// (a pickle load, a Telnet session, an XML parse) are what the other rules report.
import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { Level, Rule, RuleDocs } from '../../engine/rule';

export interface RiskyImportSpec {
  id: string;
  name: string;
  title: string;
  bandit: string;
  ruff?: string;
  cwe: number;
  /** Bandit's confidence is HIGH for every import check; lower only with a reason. */
  confidence?: Level;
  /**
   * Qualified names whose import is reported: a module (also its submodules, and any name
   * imported from it) or one name in a module (`wsgiref.handlers.CGIHandler`).
   */
  modules: readonly string[];
  /**
   * Names that only write or build data (`dumps`, `Element`): `from module import <only these>`
   * is not reported. `import module` still is, since it gives access to everything.
   */
  safeNames?: readonly string[];
  /**
   * The listed names are classes, not modules: also report them used through their module
   * (`import wsgiref.handlers` then `wsgiref.handlers.CGIHandler().run(app)`).
   */
  classesReachedThroughModule?: boolean;
  /** The finding's message, given how the import is written (`pickle`, `xml.etree.ElementTree`). */
  message: (imported: string) => string;
  /** Docs without `what`, which is generated from `modules`. */
  docs: Omit<RuleDocs, 'what'> & { what?: string };
}

/** Dynamic imports Bandit also checks: `__import__("pickle")`, `importlib.import_module("pickle")`. */
const DYNAMIC_IMPORTS = ['builtins.__import__', 'importlib.import_module', 'importlib.__import__'];

export function riskyImport(spec: RiskyImportSpec): Rule {
  const listed = spec.modules.map((m) => `\`${m}\``).join(', ');
  return defineRule({
    meta: {
      id: spec.id,
      name: spec.name,
      title: spec.title,
      category: 'imports',
      // Bandit rates B401, B402, B411, B412, B413 and B415 HIGH and the others LOW. All are low
      // here: an import alone does nothing, and what makes it dangerous (a Telnet session, an
      // FTP login, an XML parse, a call into pycrypto) is reported where it happens, at that
      // finding's own severity.
      severity: 'low',
      confidence: spec.confidence ?? 'high',
      cwe: spec.cwe,
      bandit: spec.bandit,
      ...(spec.ruff ? { ruff: spec.ruff } : {}),
      fixable: false,
      offInTests: true,
      profile: 'strict',
      docs: {
        ...spec.docs,
        what: spec.docs.what ?? `Finds imports of ${listed} (\`import\`, \`from … import\`, and \`__import__\` / \`importlib.import_module\` with a literal name). Imports under \`if TYPE_CHECKING:\` are not reported.`,
      },
    },
    nodes: ['import_statement', 'import_from_statement'],
    // Whether the import sits under `if TYPE_CHECKING:`.
    reads: ['enclosing'],
    calls: DYNAMIC_IMPORTS,
    // A listed name reached through its module (`import wsgiref.handlers` then
    // `wsgiref.handlers.CGIHandler()`): the import of the module alone was not reported.
    references: spec.classesReachedThroughModule ? spec.modules : undefined,

    checkReference(reference, context) {
      if (reference.node.type !== 'attribute' || !matches(reference.qualifiedName, spec.modules)) return;
      let root = reference.node;
      while (root.type === 'attribute' && root.childForFieldName('object')) root = root.childForFieldName('object')!;
      const imported = root.type === 'identifier' ? context.model.resolve(root) : undefined;
      if (imported === undefined || matches(imported, spec.modules)) return;
      context.report(reference.node, { message: spec.message(reference.qualifiedName) });
    },

    checkNode(node, context) {
      if (underTypeChecking(node)) return;
      const found = importedNames(node);
      if (node.type === 'import_from_statement') {
        // `from pickle import loads, dumps`: once, on the module.
        const [module, ...names] = found;
        if (!module) return;
        if (matches(module.imported, spec.modules)) {
          const safe = spec.safeNames ?? [];
          const importedOnly = names.map((n) => n.imported.slice(module.imported.length + 1));
          if (importedOnly.length > 0 && importedOnly.every((n) => safe.includes(n))) return;
          context.report(module.at, { message: spec.message(module.imported) });
          return;
        }
        for (const { imported, at } of names) if (matches(imported, spec.modules)) context.report(at, { message: spec.message(imported) });
        return;
      }
      for (const { imported, at } of found) if (matches(imported, spec.modules)) context.report(at, { message: spec.message(imported) });
    },

    checkCall(call, context) {
      const first = call.argument(0, 'name');
      const value = first ? context.model.literal(first.value)?.value : undefined;
      if (typeof value !== 'string' || value.startsWith('.') || !matches(value, spec.modules)) return;
      context.report(call.node, { message: spec.message(value) });
    },
  });
}

/** Whether a dotted name is, or is inside, one of the listed modules or names. */
function matches(name: string, modules: readonly string[]): boolean {
  return modules.some((m) => name === m || name.startsWith(`${m}.`));
}

/**
 * What an import statement imports, as qualified names, with the node to report: each module of
 * `import a.b, c as d`; for `from m import x, y` the module itself when it is listed (reported
 * once, on the module name), else `m.x`, `m.y` on each name. Relative imports are the project's own.
 */
function importedNames(node: Node): { imported: string; at: Node }[] {
  const names = node.childrenForFieldName('name').filter((n): n is Node => !!n);
  const nameOf = (n: Node) => (n.type === 'aliased_import' ? n.childForFieldName('name') : n);
  if (node.type === 'import_statement') {
    return names.flatMap((n) => {
      const dotted = nameOf(n);
      return dotted ? [{ imported: dotted.text, at: dotted }] : [];
    });
  }
  const module = node.childForFieldName('module_name');
  if (!module || module.type !== 'dotted_name') return [];
  const found = [{ imported: module.text, at: module }];
  for (const n of names) {
    const dotted = nameOf(n);
    if (dotted) found.push({ imported: `${module.text}.${dotted.text}`, at: dotted });
  }
  return found;
}

/** Whether a statement only runs for type checkers: inside `if TYPE_CHECKING:` (or `typing.TYPE_CHECKING`). */
function underTypeChecking(node: Node): boolean {
  for (let up = node.parent; up; up = up.parent) {
    if (up.type !== 'if_statement') continue;
    const condition = up.childForFieldName('condition')?.text;
    if (condition === 'TYPE_CHECKING' || condition === 'typing.TYPE_CHECKING') {
      const consequence = up.childForFieldName('consequence');
      if (consequence && node.startIndex >= consequence.startIndex && node.endIndex <= consequence.endIndex) return true;
    }
  }
  return false;
}
