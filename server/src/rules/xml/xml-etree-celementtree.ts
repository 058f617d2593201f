import { defineRule } from '../../engine/rule';
import { XML_FAMILIES, xmlFamilyRule } from './parsers';

export default defineRule(
  xmlFamilyRule(
    {
      id: 'PW701',
      name: 'xml-etree-celementtree',
      title: 'XML parsed with xml.etree.cElementTree',
      category: 'xml',
      // Bandit B313: MEDIUM severity, HIGH confidence, CWE-20. Confidence is lowered to medium:
      // since Python 3.7.1 the standard parsers no longer fetch external entities or DTDs, and
      // expat 2.4.1+ (2.6.0+ for huge tokens) limits the remaining denial-of-service attacks;
      // whether the interpreter has such an expat is not visible in the code.
      severity: 'medium',
      confidence: 'medium',
      cwe: 20,
      bandit: 'B313',
      ruff: 'S313',
      fixable: true,
      fixApplicability: ['unsafe'],
      // Tests parse XML fixtures of their own.
      offInTests: true,
      docs: {
        what: 'Finds `parse`, `iterparse`, `fromstring`, `XML`, `fromstringlist` and `XMLParser` from `xml.etree.cElementTree` (Bandit lists the first four; the others are the same parser under other names). A document written as a string literal is not reported; a file named by a literal path is reported with low confidence.',
        why: '`xml.etree.cElementTree` was removed in Python 3.9, so code using it runs on old interpreters, whose expat is often older than 2.4.1: a "billion laughs" document — a few entity definitions that expand into gigabytes — exhausts memory and CPU from a request of a few hundred bytes. Which attacks work depends on the expat the interpreter was built with, which no static check can see.',
        example: 'import xml.etree.cElementTree as ET\n\ndef import_feed(upload):\n    tree = ET.parse(upload)\n    return tree.getroot()',
        safe: 'import defusedxml.ElementTree\n\ndef import_feed(upload):\n    tree = defusedxml.ElementTree.parse(upload)\n    return tree.getroot()',
        references: [
          'https://cwe.mitre.org/data/definitions/20.html',
          'https://cwe.mitre.org/data/definitions/776.html',
          'https://docs.python.org/3/library/xml.html#xml-vulnerabilities',
          'https://github.com/tiran/defusedxml#defusedxmlelementtree',
          'https://docs.python.org/3/whatsnew/3.9.html#removed',
        ],
      },
    },
    XML_FAMILIES.cElementTree,
  ),
);
