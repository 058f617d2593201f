import { defineRule } from '../../engine/rule';
import { XML_FAMILIES, xmlFamilyRule } from './parsers';

export default defineRule(
  xmlFamilyRule(
    {
      id: 'PW706',
      name: 'xml-minidom',
      title: 'XML parsed with xml.dom.minidom',
      category: 'xml',
      // Bandit B318: MEDIUM severity, HIGH confidence, CWE-20. Confidence is lowered to medium:
      // since Python 3.7.1 the standard parsers no longer fetch external entities or DTDs, and
      // expat 2.4.1+ (2.6.0+ for huge tokens) limits the remaining denial-of-service attacks;
      // whether the interpreter has such an expat is not visible in the code.
      severity: 'medium',
      confidence: 'medium',
      cwe: 20,
      bandit: 'B318',
      ruff: 'S318',
      fixable: true,
      fixApplicability: ['unsafe'],
      // Tests parse XML fixtures of their own.
      offInTests: true,
      docs: {
        what: 'Finds `xml.dom.minidom.parse` and `parseString`. A document written as a string literal is not reported; a file named by a literal path is reported with low confidence.',
        why: 'minidom does not expand external entities, but it does expand internal ones: with an expat older than 2.4.1 a "billion laughs" document exhausts memory and CPU, and before expat 2.6.0 huge tokens cost quadratic time. A DOM also holds the whole expanded document in memory. The protection depends on the expat the interpreter was built with, which no static check can see.',
        example: 'from xml.dom import minidom\n\ndef read_config(request):\n    document = minidom.parseString(request.body)\n    return document.documentElement',
        safe: 'import defusedxml.minidom\n\ndef read_config(request):\n    document = defusedxml.minidom.parseString(request.body)\n    return document.documentElement',
        references: [
          'https://cwe.mitre.org/data/definitions/20.html',
          'https://cwe.mitre.org/data/definitions/776.html',
          'https://docs.python.org/3/library/xml.html#xml-vulnerabilities',
          'https://docs.python.org/3/library/xml.dom.minidom.html',
          'https://github.com/tiran/defusedxml#defusedxmlminidom',
        ],
      },
    },
    XML_FAMILIES.minidom,
  ),
);
