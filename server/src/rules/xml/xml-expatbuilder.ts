import { defineRule } from '../../engine/rule';
import { XML_FAMILIES, xmlFamilyRule } from './parsers';

export default defineRule(
  xmlFamilyRule(
    {
      id: 'PW704',
      name: 'xml-expatbuilder',
      title: 'DOM built with xml.dom.expatbuilder',
      category: 'xml',
      // Bandit B316: MEDIUM severity, HIGH confidence, CWE-20. Confidence is lowered to medium:
      // since Python 3.7.1 the standard parsers no longer fetch external entities or DTDs, and
      // expat 2.4.1+ (2.6.0+ for huge tokens) limits the remaining denial-of-service attacks;
      // whether the interpreter has such an expat is not visible in the code.
      severity: 'medium',
      confidence: 'medium',
      cwe: 20,
      bandit: 'B316',
      ruff: 'S316',
      fixable: true,
      fixApplicability: ['unsafe'],
      // Tests parse XML fixtures of their own.
      offInTests: true,
      docs: {
        what: 'Finds `xml.dom.expatbuilder.parse` and `parseString`. A document written as a string literal is not reported; a file named by a literal path is reported with low confidence.',
        why: 'The builder expands nested entity definitions, so with an expat older than 2.4.1 a "billion laughs" document — a few hundred bytes that expand into gigabytes — exhausts memory and CPU, and before expat 2.6.0 huge tokens cost quadratic time. The protection depends on the expat the interpreter was built with, which no static check can see.',
        example: 'from xml.dom import expatbuilder\n\ndef load(upload):\n    return expatbuilder.parse(upload)',
        safe: 'import defusedxml.expatbuilder\n\ndef load(upload):\n    return defusedxml.expatbuilder.parse(upload)',
        references: [
          'https://cwe.mitre.org/data/definitions/20.html',
          'https://cwe.mitre.org/data/definitions/776.html',
          'https://docs.python.org/3/library/xml.html#xml-vulnerabilities',
          'https://github.com/tiran/defusedxml#defusedxmlexpatbuilder',
        ],
      },
    },
    XML_FAMILIES.expatbuilder,
  ),
);
