import { defineRule } from '../../engine/rule';
import { XML_FAMILIES, xmlFamilyRule } from './parsers';

export default defineRule(
  xmlFamilyRule(
    {
      id: 'PW703',
      name: 'xml-expatreader',
      title: 'SAX parser created with xml.sax.expatreader',
      category: 'xml',
      // Bandit B315: MEDIUM severity, HIGH confidence, CWE-20. Confidence is lowered to medium:
      // since Python 3.7.1 the standard parsers no longer fetch external entities or DTDs, and
      // expat 2.4.1+ (2.6.0+ for huge tokens) limits the remaining denial-of-service attacks;
      // whether the interpreter has such an expat is not visible in the code.
      severity: 'medium',
      confidence: 'medium',
      cwe: 20,
      bandit: 'B315',
      ruff: 'S315',
      fixable: true,
      fixApplicability: ['unsafe'],
      // Tests parse XML fixtures of their own.
      offInTests: true,
      docs: {
        what: 'Finds `xml.sax.expatreader.create_parser()`, which builds the expat SAX parser directly.',
        why: 'The parser expands nested entity definitions, so with an expat older than 2.4.1 a "billion laughs" document exhausts memory and CPU, and before expat 2.6.0 huge tokens cost quadratic time. If the code (or a library) turns on `feature_external_ges`, the parser also reads local files and fetches URLs named by the document (XXE). The protection depends on the expat the interpreter was built with, which no static check can see.',
        example: 'from xml.sax import expatreader\n\ndef count_items(stream, handler):\n    parser = expatreader.create_parser()\n    parser.setContentHandler(handler)\n    parser.parse(stream)',
        safe: 'import defusedxml.expatreader\n\ndef count_items(stream, handler):\n    parser = defusedxml.expatreader.create_parser()\n    parser.setContentHandler(handler)\n    parser.parse(stream)',
        references: [
          'https://cwe.mitre.org/data/definitions/20.html',
          'https://cwe.mitre.org/data/definitions/776.html',
          'https://docs.python.org/3/library/xml.html#xml-vulnerabilities',
          'https://docs.python.org/3/library/xml.sax.reader.html',
          'https://github.com/tiran/defusedxml#defusedxmlsax',
        ],
      },
    },
    XML_FAMILIES.expatreader,
  ),
);
