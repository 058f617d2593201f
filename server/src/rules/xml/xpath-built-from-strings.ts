import { defineRule } from '../../engine/rule';
import { builtFromValues } from '../sql-injection/query-parts';

/** Compiled XPath expressions: lxml's `XPath` and `ETXPath` take the expression first. */
const XPATH_CLASSES = ['lxml.etree.XPath', 'lxml.etree.ETXPath'];
/** ElementTree's path methods: reported only on trees and elements of `xml.etree` or lxml. */
const ELEMENT_PATH_METHODS = new Set(['find', 'findall', 'findtext', 'iterfind']);

export default defineRule({
  meta: {
    id: 'PW709',
    name: 'xpath-built-from-strings',
    title: 'XPath expression built from strings (XPath injection)',
    category: 'xml',
    // No Bandit or Ruff equivalent. Medium: XPath reads (it cannot write), but it can read the
    // whole document, and authentication against XML stores is bypassed with `' or '1'='1`.
    severity: 'medium',
    confidence: 'medium',
    cwe: 643,
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds XPath expressions built with `%`, `+`, `.format()`, `.replace()` or an f-string from values known only at run time and passed to lxml\'s `.xpath(...)`, `etree.XPath(...)` / `ETXPath(...)`, or to ElementTree\'s `find`, `findall`, `findtext` and `iterfind` with a predicate (`[@name=…]`) on an `xml.etree` or lxml tree.',
      why: 'A value pasted into an XPath expression becomes part of it: `\' or \'1\'=\'1` turns "the user with this name and password" into "every user", and `] | //*[` reads any node of the document (XPath injection). lxml passes values separately as XPath variables (`$name`), which are never parsed as XPath.',
      example: 'from lxml import etree\n\ndef find_user(tree, name):\n    return tree.xpath("//user[@name=\'%s\']" % name)',
      safe: 'from lxml import etree\n\ndef find_user(tree, name):\n    return tree.xpath("//user[@name=$name]", name=name)',
      references: [
        'https://cwe.mitre.org/data/definitions/643.html',
        'https://lxml.de/xpathxslt.html#the-xpath-method',
        'https://owasp.org/www-community/attacks/XPATH_Injection',
      ],
    },
  },
  calls: XPATH_CLASSES,
  methods: ['xpath', ...ELEMENT_PATH_METHODS],

  checkCall(call, context) {
    const isClass = call.qualifiedName !== undefined && XPATH_CLASSES.includes(call.qualifiedName);
    const method = call.methodName ?? '';
    if (!isClass && ELEMENT_PATH_METHODS.has(method)) {
      // `str.find` and others share these names: only trees and elements of the XML libraries.
      const receiver = call.qualifiedName ?? '';
      if (!receiver.startsWith('xml.etree.') && !receiver.startsWith('lxml.')) return;
    } else if (!isClass && method !== 'xpath') {
      return;
    }
    const expression = call.argument(0, isClass ? 'path' : method === 'xpath' ? '_path' : 'path');
    const built = expression && builtFromValues(expression.value, context);
    if (!built || (!isClass && method !== 'xpath' && !built.built.text.includes('['))) return;
    context.report(call.node, {
      message: `XPath built from ${built.shown} (XPath injection); pass values as XPath variables (\`$name\`).`,
    });
  },
});
