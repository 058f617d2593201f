import { defineRule } from '../../engine/rule';
import { normalizeName } from '../../supply-chain/normalize';
import { IMPORT_STATEMENTS, declarationOf, guardNote, manifestsOf, thirdPartyImports, prepareImportData } from './import-resolution';
import { isKnownMalicious } from './malicious-package';

export default defineRule({
  meta: {
    id: 'PWD204',
    name: 'import-not-on-pypi',
    title: 'Import of a module nobody provides (slopsquatting)',
    category: 'supply-chain',
    severity: 'medium',
    confidence: 'medium',
    cwe: 829,
    fixable: false,
    // Test suites import modules they write at run time (`import foo` after creating foo.py).
    offInTests: true,
    docs: {
      what: 'Finds imports of a module that is not in the standard library, not in the workspace, not installed in the project\'s virtual environment, not a known import name of a popular distribution, and whose name no project on PyPI has (as of the shipped snapshot of PyPI\'s names). Names a manifest declares are reported there (PWD113), not on each import. Files outside any project are not checked, since their own modules cannot be told apart; neither are test files, which import modules they create at run time.',
      why: 'Code written or completed by an AI assistant sometimes imports packages that do not exist. Attackers watch for such invented names and register them with malicious install scripts ("slopsquatting"); the next `pip install` of the missing import runs their code. A name nobody has registered can be claimed by anyone at any time.',
      example: 'from fastapi_jwt_guard import require_token',
      safe: '# Use a package that exists and that you have vetted, declared in the manifest:\nfrom fastapi.security import OAuth2PasswordBearer',
      references: [
        'https://cwe.mitre.org/data/definitions/829.html',
        'https://arxiv.org/abs/2406.10279',
        'https://peps.python.org/pep-0541/',
      ],
    },
  },
  nodes: IMPORT_STATEMENTS,
  // The guards around the import (`try`/`except ImportError`, `if TYPE_CHECKING:`) and the project's facts.
  reads: ['enclosing', 'project'],
  prepare: prepareImportData,

  checkNode(statement, context) {
    // Without a project the workspace's own modules are unknown, and most names missing from
    // PyPI are exactly those (`compat`, `settings`): nothing is reported then.
    if (context.file.project?.root === undefined) return;
    for (const { imported, resolution, guards } of thirdPartyImports(statement, context.file)) {
      if (resolution.kind !== 'unknown') continue;
      const top = imported.module.split('.', 1)[0];
      if (isKnownMalicious(top)) continue; // PWD303 reports it
      // Declared in a manifest: PWD113 reports the unregistered name there, once.
      const manifests = manifestsOf(context.file);
      if (manifests && declarationOf(manifests, [{ name: top, normalized: normalizeName(top) }])) continue;
      const soft = guards.optional || guards.typeChecking;
      context.report(imported.node, {
        message: `No project named \`${top}\` exists on PyPI, and nothing in the workspace or its environment provides it${guardNote(guards)}: anyone could register the name and have \`pip install ${top}\` run their code. Check where this import came from (an assistant may have invented it) and use a package you have vetted.`,
        ...(soft ? { severity: 'low' as const } : {}),
      });
    }
  },
});
