import type { Node } from 'web-tree-sitter';
import { unsafeFix, type TextEdit } from '../../engine/fixer';
import { defineRule } from '../../engine/rule';
import type { SemanticModel } from '../../engine/semantic/model';
import { IMPORT_STATEMENTS, type ImportedModule, guardNote, thirdPartyImports, prepareImportData } from './import-resolution';
import { isKnownMalicious } from './malicious-package';

export default defineRule({
  meta: {
    id: 'PWD201',
    name: 'typosquatted-import',
    title: 'Import of a typo of a popular module',
    category: 'supply-chain',
    severity: 'medium',
    confidence: 'medium',
    cwe: 829,
    fixable: true,
    fixApplicability: ['unsafe'],
    docs: {
      what: 'Finds imports of a module that is not in the standard library, not in the workspace and not installed, and whose name is one slip (a swapped, missing, doubled or look-alike character, a py/python affix) from a popular import name: `import reqeusts`, `from skelarn import svm`.',
      why: 'Editors and assistants offer to install a missing import by its name, and attackers register the misspellings of popular projects on PyPI (typosquatting) with install scripts that steal credentials and tokens. The misspelt import is where that install starts: the package it fetches is not the one the code was written for.',
      example: 'import reqeusts\n\nreqeusts.get("https://api.example.com/orders", timeout=10)',
      safe: 'import requests\n\nrequests.get("https://api.example.com/orders", timeout=10)',
      references: [
        'https://cwe.mitre.org/data/definitions/829.html',
        'https://en.wikipedia.org/wiki/Typosquatting',
        'https://packaging.python.org/en/latest/specifications/name-normalization/',
      ],
    },
  },
  nodes: IMPORT_STATEMENTS,
  // The guards around the import (`try`/`except ImportError`, `if TYPE_CHECKING:`) and the project's facts.
  reads: ['enclosing', 'project'],
  prepare: prepareImportData,

  checkNode(statement, context) {
    for (const { imported, resolution, guards } of thirdPartyImports(statement, context.file)) {
      if (resolution.kind !== 'typosquat') continue;
      const top = imported.module.split('.', 1)[0];
      if (isKnownMalicious(top)) continue; // PWD303 reports it
      const registered = resolution.registered
        ? `A project named \`${top}\` exists on PyPI, but it is not ${resolution.intendedDistribution}`
        : `Nobody has registered \`${top}\` on PyPI yet, so anyone can`;
      const soft = guards.optional || guards.typeChecking;
      context.report(imported.node, {
        message: `\`${top}\` looks like a typo of \`${resolution.intended}\`, ${resolution.reason}${guardNote(guards)}. ${registered}, and installing it by this name may run an attacker's code. Import \`${resolution.intended}\` instead.`,
        ...(soft ? { severity: 'low' as const } : {}),
        fix: () => [renameFix(imported, statement, resolution.intended, context.model)],
      });
    }
  },
});

/**
 * Renames the module's first segment in the statement, keeping the rest (`as y`, `import y`);
 * for a bare `import x` (which binds `x`), also the file's references to that binding.
 */
function renameFix(imported: ImportedModule, statement: Node, intended: string, model: SemanticModel) {
  const first = imported.node.namedChild(0) ?? imported.node;
  const typed = first.text;
  const edits: TextEdit[] = [{ start: first.startIndex, end: first.endIndex, newText: intended }];
  const bindsTypedName = statement.type === 'import_statement' && imported.node.parent?.type !== 'aliased_import';
  if (bindsTypedName) edits.push(...referenceEdits(statement, first, typed, intended, model));
  const uses = edits.length - 1;
  const title = uses > 0 ? `Import \`${intended}\` instead of \`${typed}\` (and rename ${uses} use${uses === 1 ? '' : 's'})` : `Import \`${intended}\` instead of \`${typed}\``;
  return unsafeFix(title, 'a different module is imported', edits);
}

/** The identifiers elsewhere in the file that refer to the name this import binds. */
function referenceEdits(statement: Node, bound: Node, typed: string, intended: string, model: SemanticModel): TextEdit[] {
  const root = statement.tree.rootNode;
  const text = root.text;
  const edits: TextEdit[] = [];
  const word = new RegExp(`(?<![\\w.])${typed.replace(/[$]/g, '\\$&')}(?!\\w)`, 'g');
  for (const match of text.matchAll(word)) {
    // The module node can start after leading blank lines: offsets are relative to it.
    const start = root.startIndex + match.index;
    const end = start + typed.length;
    if (start === bound.startIndex) continue;
    const node = model.nodeAt(start, end, 'identifier');
    if (!node || node.type !== 'identifier') continue;
    const parent = node.parent;
    if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === node.id) continue;
    if (parent?.type === 'dotted_name' || parent?.type === 'aliased_import') continue;
    const binding = model.lookup(typed, node);
    if (binding && binding.kind === 'import' && binding.start === bound.startIndex) edits.push({ start, end, newText: intended });
  }
  return edits;
}
