import { riskyImport } from './risky-import';

export default riskyImport({
  id: 'PW925',
  name: 'import-xml-etree',
  title: 'Import of xml.etree.ElementTree / cElementTree',
  bandit: 'B405',
  ruff: 'S405',
  cwe: 20,
  modules: ['xml.etree.cElementTree', 'xml.etree.ElementTree'],
  // Names that only write or build data: importing only these is not reported.
  safeNames: ['Element', 'SubElement', 'tostring', 'tostringlist', 'dump', 'indent', 'register_namespace', 'Comment', 'ProcessingInstruction', 'PI', 'QName', 'ParseError'],
  message: (m) =>
    `\`${m}\` is imported: its parsers are open to entity expansion; parse untrusted XML with \`defusedxml\`.`,
  docs: {
    why: 'Python\'s XML parsers expand entities and, depending on the Python and expat versions, are open to "billion laughs" and quadratic-blowup documents that exhaust memory and CPU. `defusedxml` provides drop-in parsing functions that refuse these constructs. Imports of only the building side (`from xml.etree.ElementTree import Element, SubElement, tostring`) are not reported.',
    example: 'import xml.etree.ElementTree as ET\n\nroot = ET.fromstring(request.data)',
    safe: 'import defusedxml.ElementTree as ET\n\nroot = ET.fromstring(request.data)',
    references: [
      'https://cwe.mitre.org/data/definitions/20.html',
      'https://docs.python.org/3/library/xml.html#xml-vulnerabilities',
      'https://github.com/tiran/defusedxml',
      'https://bandit.readthedocs.io/en/latest/blacklists/blacklist_imports.html',
    ],
  },
});
