import { defineRule } from '../../engine/rule';
import { XML_FAMILIES, xmlFamilyRule } from './parsers';

export default defineRule(
  xmlFamilyRule(
    {
      id: 'PW702',
      name: 'xml-etree-elementtree',
      title: 'XML parsed with xml.etree.ElementTree',
      category: 'xml',
      // Bandit B314: MEDIUM severity, HIGH confidence, CWE-20. Confidence is lowered to medium:
      // since Python 3.7.1 the standard parsers no longer fetch external entities or DTDs, and
      // expat 2.4.1+ (2.6.0+ for huge tokens) limits the remaining denial-of-service attacks;
      // whether the interpreter has such an expat is not visible in the code.
      severity: 'medium',
      confidence: 'medium',
      cwe: 20,
      bandit: 'B314',
      ruff: 'S314',
      fixable: true,
      fixApplicability: ['unsafe'],
      // Tests parse XML fixtures of their own.
      offInTests: true,
      docs: {
        what: 'Finds `parse`, `iterparse`, `fromstring`, `XML`, `fromstringlist` and `XMLParser` from `xml.etree.ElementTree` (Bandit lists the first four; the others are the same parser under other names). A document written as a string literal is not reported; a file named by a literal path is reported with low confidence.',
        why: 'ElementTree does not expand external entities, so it is not open to XXE file disclosure, but it does expand internal ones: with an expat older than 2.4.1 a "billion laughs" document — a few nested entity definitions that expand into gigabytes — exhausts memory and CPU, and before expat 2.6.0 huge tokens cost quadratic time. The Python documentation still lists these as vulnerabilities because the protection depends on the expat the interpreter was built with, which no static check can see.',
        example: 'import xml.etree.ElementTree as ET\n\ndef import_feed(request):\n    root = ET.fromstring(request.body)\n    return [item.text for item in root.iter("item")]',
        safe: 'import defusedxml.ElementTree\n\ndef import_feed(request):\n    root = defusedxml.ElementTree.fromstring(request.body)\n    return [item.text for item in root.iter("item")]',
        references: [
          'https://cwe.mitre.org/data/definitions/20.html',
          'https://cwe.mitre.org/data/definitions/776.html',
          'https://docs.python.org/3/library/xml.html#xml-vulnerabilities',
          'https://docs.python.org/3/library/xml.etree.elementtree.html',
          'https://github.com/tiran/defusedxml#defusedxmlelementtree',
        ],
      },
    },
    XML_FAMILIES.ElementTree,
  ),
);
