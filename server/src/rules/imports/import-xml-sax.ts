import { riskyImport } from './risky-import';

export default riskyImport({
  id: 'PW926',
  name: 'import-xml-sax',
  title: 'Import of xml.sax',
  bandit: 'B406',
  ruff: 'S406',
  cwe: 20,
  modules: ['xml.sax'],
  // Names that only write or build data: importing only these is not reported.
  safeNames: ['saxutils', 'handler', 'ContentHandler', 'ErrorHandler', 'SAXException', 'SAXParseException'],
  message: (m) =>
    `\`${m}\` is imported: open to entity expansion; parse untrusted XML with \`defusedxml.sax\`.`,
  docs: {
    why: '`xml.sax` expands entities and, before Python 3.7.1, resolved external entities by default, so a crafted document can exhaust memory or read local files. `defusedxml.sax` refuses these constructs. Imports of only handler classes and `saxutils` are not reported.',
    example: 'import xml.sax\n\nxml.sax.parseString(payload, handler)',
    safe: 'import defusedxml.sax\n\ndefusedxml.sax.parseString(payload, handler)',
    references: [
      'https://cwe.mitre.org/data/definitions/20.html',
      'https://docs.python.org/3/library/xml.html#xml-vulnerabilities',
      'https://github.com/tiran/defusedxml',
      'https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html',
    ],
  },
});
