import { defineRule } from '../../engine/rule';
import { XML_FAMILIES, xmlFamilyRule } from './parsers';

export default defineRule(
  xmlFamilyRule(
    {
      id: 'PW707',
      name: 'xml-pulldom',
      title: 'XML parsed with xml.dom.pulldom',
      category: 'xml',
      // Bandit B319: MEDIUM severity, HIGH confidence, CWE-20. Confidence is lowered to medium:
      // since Python 3.7.1 the standard parsers no longer fetch external entities or DTDs, and
      // expat 2.4.1+ (2.6.0+ for huge tokens) limits the remaining denial-of-service attacks;
      // whether the interpreter has such an expat is not visible in the code.
      severity: 'medium',
      confidence: 'medium',
      cwe: 20,
      bandit: 'B319',
      ruff: 'S319',
      fixable: true,
      fixApplicability: ['unsafe'],
      // Tests parse XML fixtures of their own.
      offInTests: true,
      docs: {
        what: 'Finds `xml.dom.pulldom.parse` and `parseString`. A document written as a string literal is not reported; a file named by a literal path is reported with low confidence.',
        why: 'pulldom parses with the expat SAX parser, which expands nested entity definitions: with an expat older than 2.4.1 a "billion laughs" document exhausts memory and CPU, and before expat 2.6.0 huge tokens cost quadratic time. Passing a parser with `feature_external_ges` turned on also lets the document read local files and URLs (XXE). The protection depends on the expat the interpreter was built with, which no static check can see.',
        example: 'from xml.dom import pulldom\n\ndef stream_items(upload):\n    for event, node in pulldom.parse(upload):\n        yield event, node',
        safe: 'import defusedxml.pulldom\n\ndef stream_items(upload):\n    for event, node in defusedxml.pulldom.parse(upload):\n        yield event, node',
        references: [
          'https://cwe.mitre.org/data/definitions/20.html',
          'https://cwe.mitre.org/data/definitions/776.html',
          'https://docs.python.org/3/library/xml.html#xml-vulnerabilities',
          'https://docs.python.org/3/library/xml.dom.pulldom.html',
          'https://github.com/tiran/defusedxml#defusedxmlpulldom',
        ],
      },
    },
    XML_FAMILIES.pulldom,
  ),
);
