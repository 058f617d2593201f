import { riskyImport } from './risky-import';

export default riskyImport({
  id: 'PW928',
  name: 'import-xml-minidom',
  title: 'Import of xml.dom.minidom',
  bandit: 'B408',
  ruff: 'S408',
  cwe: 20,
  modules: ['xml.dom.minidom'],
  // Names that only write or build data: importing only these is not reported.
  safeNames: ['Document', 'getDOMImplementation', 'Element', 'Text', 'Node', 'Attr'],
  message: (m) =>
    `\`${m}\` is imported: open to entity expansion; parse untrusted XML with \`defusedxml.minidom\`.`,
  docs: {
    why: '`xml.dom.minidom.parse`/`parseString` expand entities, so a crafted document ("billion laughs", quadratic blowup) can exhaust memory and CPU. `defusedxml.minidom` refuses these constructs. Imports of only the building side (`Document`, `getDOMImplementation`) are not reported.',
    example: 'from xml.dom import minidom\n\ndocument = minidom.parseString(payload)',
    safe: 'from defusedxml import minidom\n\ndocument = minidom.parseString(payload)',
    references: [
      'https://cwe.mitre.org/data/definitions/20.html',
      'https://docs.python.org/3/library/xml.html#xml-vulnerabilities',
      'https://github.com/tiran/defusedxml',
      'https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html',
    ],
  },
});
