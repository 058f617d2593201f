import { defineFileRule } from '../../engine/file-rule';
import { manifestOf } from './shared';

export default defineFileRule({
  meta: {
    id: 'PWD105',
    name: 'pylock-artifact-without-hash',
    title: 'pylock.toml artifact without hashes',
    category: 'supply-chain',
    severity: 'medium',
    confidence: 'high',
    cwe: 494,
    fixable: false,
    docs: {
      what: 'Finds wheels, sdists and archives in a PEP 751 lock file (`pylock.toml`, `pylock.<name>.toml`) that have no `hashes` table.',
      why: 'A lock file pins which file is installed; its hashes prove the file downloaded is that file. Without them, a compromised index, mirror or proxy can serve different code under the same name and version, and the installer cannot tell.',
      example: '[[packages]]\nname = "attrs"\nversion = "25.1.0"\nwheels = [{ url = "https://files.pythonhosted.org/…/attrs-25.1.0-py3-none-any.whl" }]',
      safe: '[[packages]]\nname = "attrs"\nversion = "25.1.0"\nwheels = [{ url = "https://files.pythonhosted.org/…/attrs-25.1.0-py3-none-any.whl", hashes = { sha256 = "c75a69e2…" } }]',
      language: 'toml',
      references: ['https://cwe.mitre.org/data/definitions/494.html', 'https://packaging.python.org/en/latest/specifications/pylock-toml/'],
    },
  },
  kinds: ['pylock'],

  check(context) {
    const manifest = manifestOf(context);
    if (!manifest) return;
    for (const artifact of manifest.artifacts) {
      if (artifact.hasHashes) continue;
      const range = artifact.url?.range ?? artifact.range;
      context.report(range.start, range.end, {
        message: `This ${artifact.kind} of \`${artifact.packageName}\` has no \`hashes\`: the installer cannot check that the file it downloads is the one that was locked, so a compromised index or mirror can substitute it. Regenerate the lock file with hashes.`,
      });
    }
  },
});
