import { riskyImport } from './risky-import';

export default riskyImport({
  id: 'PW927',
  name: 'import-xml-expat',
  title: 'Import of xml.dom.expatbuilder',
  bandit: 'B407',
  ruff: 'S407',
  cwe: 20,
  modules: ['xml.dom.expatbuilder'],
  message: (m) =>
    `\`${m}\` is imported: open to entity expansion; parse untrusted XML with \`defusedxml.expatbuilder\`.`,
  docs: {
    why: '`xml.dom.expatbuilder` builds a DOM with expat and expands entities, so a crafted document ("billion laughs") can exhaust memory and CPU. `defusedxml.expatbuilder` refuses these constructs.',
    example: 'from xml.dom import expatbuilder\n\ndocument = expatbuilder.parseString(payload)',
    safe: 'from defusedxml import expatbuilder\n\ndocument = expatbuilder.parseString(payload)',
    references: [
      'https://cwe.mitre.org/data/definitions/20.html',
      'https://docs.python.org/3/library/xml.html#xml-vulnerabilities',
      'https://github.com/tiran/defusedxml',
      'https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html',
    ],
  },
});
