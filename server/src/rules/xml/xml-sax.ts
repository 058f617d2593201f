import { defineRule } from '../../engine/rule';
import { XML_FAMILIES, xmlFamilyRule } from './parsers';

export default defineRule(
  xmlFamilyRule(
    {
      id: 'PW705',
      name: 'xml-sax',
      title: 'XML parsed with xml.sax',
      category: 'xml',
      // Bandit B317: MEDIUM severity, HIGH confidence, CWE-20. Confidence is lowered to medium:
      // since Python 3.7.1 the standard parsers no longer fetch external entities or DTDs, and
      // expat 2.4.1+ (2.6.0+ for huge tokens) limits the remaining denial-of-service attacks;
      // whether the interpreter has such an expat is not visible in the code.
      severity: 'medium',
      confidence: 'medium',
      cwe: 20,
      bandit: 'B317',
      ruff: 'S317',
      fixable: true,
      fixApplicability: ['unsafe'],
      // Tests parse XML fixtures of their own.
      offInTests: true,
      docs: {
        what: 'Finds `xml.sax.parse`, `parseString` and `make_parser`. A document written as a string literal is not reported; a file named by a literal path is reported with low confidence.',
        why: 'The SAX parser expands nested entity definitions, so with an expat older than 2.4.1 a "billion laughs" document exhausts memory and CPU, and before expat 2.6.0 huge tokens cost quadratic time. Since Python 3.7.1 it no longer fetches external entities by default, but a parser with `feature_external_ges` turned on reads local files and URLs named by the document (XXE). The protection depends on the expat the interpreter was built with, which no static check can see.',
        example: 'import xml.sax\n\ndef import_feed(upload, handler):\n    xml.sax.parse(upload, handler)',
        safe: 'import defusedxml.sax\n\ndef import_feed(upload, handler):\n    defusedxml.sax.parse(upload, handler)',
        references: [
          'https://cwe.mitre.org/data/definitions/20.html',
          'https://cwe.mitre.org/data/definitions/776.html',
          'https://docs.python.org/3/library/xml.html#xml-vulnerabilities',
          'https://docs.python.org/3/library/xml.sax.html',
          'https://github.com/tiran/defusedxml#defusedxmlsax',
        ],
      },
    },
    XML_FAMILIES.sax,
  ),
);
