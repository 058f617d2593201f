import { riskyImport } from './risky-import';

export default riskyImport({
  id: 'PW930',
  name: 'import-lxml',
  title: 'Import of lxml',
  bandit: 'B410',
  ruff: 'S410',
  cwe: 20,
  // Confidence low: lxml 5.0 stopped resolving external entities by default, which is why
  // Ruff removed S410 (kept here so existing `# noqa: S410` comments still apply).
  confidence: 'low',
  modules: ['lxml'],
  message: (m) =>
    `\`${m}\` is imported: parse untrusted XML with \`resolve_entities=False, no_network=True\`.`,
  docs: {
    why: 'Older lxml versions resolved external entities by default, so a crafted document could read local files or reach internal URLs (XXE), and its parsers still expand internal entities unless told otherwise. Current lxml is safer by default, but code that passes its own parser options, or runs on old versions, needs checking.',
    example: 'from lxml import etree\n\nroot = etree.fromstring(payload)',
    safe: 'from lxml import etree\n\nPARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)\nroot = etree.fromstring(payload, parser=PARSER)',
    references: [
      'https://cwe.mitre.org/data/definitions/20.html',
      'https://lxml.de/FAQ.html#how-do-i-use-lxml-safely-as-a-web-service-endpoint',
      'https://docs.astral.sh/ruff/rules/suspicious-lxml-import/',
      'https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html',
    ],
  },
});
