import { riskyImport } from './risky-import';

export default riskyImport({
  id: 'PW929',
  name: 'import-xml-pulldom',
  title: 'Import of xml.dom.pulldom',
  bandit: 'B409',
  ruff: 'S409',
  cwe: 20,
  modules: ['xml.dom.pulldom'],
  message: (m) =>
    `\`${m}\` is imported: open to entity expansion; parse untrusted XML with \`defusedxml.pulldom\`.`,
  docs: {
    why: '`xml.dom.pulldom` is built on SAX: it expands entities and, before Python 3.7.1, resolved external entities, so a crafted document can exhaust memory or read local files. `defusedxml.pulldom` refuses these constructs.',
    example: 'from xml.dom import pulldom\n\nevents = pulldom.parseString(payload)',
    safe: 'from defusedxml import pulldom\n\nevents = pulldom.parseString(payload)',
    references: [
      'https://cwe.mitre.org/data/definitions/20.html',
      'https://docs.python.org/3/library/xml.html#xml-vulnerabilities',
      'https://github.com/tiran/defusedxml',
      'https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html',
    ],
  },
});
