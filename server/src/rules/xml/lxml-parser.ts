import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { Fix, Fixer, TextEdit } from '../../engine/fixer';
import type { Level, RuleContext } from '../../engine/rule';
import type { CallSite } from '../../engine/sites';
import { spellModuleName } from './spelling';

const ENTITY_CHANGE = 'documents that rely on external entities or DTDs fetched over the network read differently';

/** Parsing functions that take a `parser=` (position 1) and use lxml's default parser without one. */
const PARSE_FUNCTIONS: Record<string, string> = {
  'lxml.etree.parse': 'source',
  'lxml.etree.fromstring': 'text',
  'lxml.etree.XML': 'text',
  'lxml.etree.fromstringlist': 'strings',
};

/** Calls that take the parser options themselves. */
const PARSER_CONSTRUCTORS = new Set(['lxml.etree.XMLParser', 'lxml.etree.ETCompatXMLParser', 'lxml.etree.XMLPullParser', 'lxml.etree.iterparse']);

interface Problem {
  severity: Level;
  confidence: Level;
  text: string;
}

export default defineRule({
  meta: {
    id: 'PW708',
    name: 'lxml-parser',
    title: 'lxml parser that resolves external entities',
    category: 'xml',
    // Bandit's B320 (MEDIUM/HIGH, CWE-20) flagged every lxml.etree.parse/fromstring call; Bandit
    // 1.8.1 dropped it and Ruff removed S320, because lxml 5.0 no longer resolves external
    // entities by default. This rule reports what still matters: an explicit
    // resolve_entities=True (XXE: reading local files, high/high), no_network=False,
    // huge_tree=True, and the default parser, which resolves external entities on lxml < 5.0
    // (high severity, low confidence: the installed lxml version is not visible in the code).
    severity: 'high',
    confidence: 'medium',
    cwe: 611,
    alsoCovers: ['B320', 'S320'],
    fixable: true,
    fixApplicability: ['unsafe'],
    // Tests parse XML fixtures of their own.
    offInTests: true,
    docs: {
      what: 'Finds lxml parsers configured to resolve external entities or lift the parser\'s limits — `etree.XMLParser(resolve_entities=True)`, `no_network=False`, `huge_tree=True` (also on `ETCompatXMLParser`, `XMLPullParser` and `iterparse`) — and `etree.parse`, `fromstring`, `XML` and `fromstringlist` called without a `parser=`, which use lxml\'s default parser. A parser built with `resolve_entities=False` and passed as `parser=` is not reported, nor is a document written as a string literal. Bandit\'s B320 (removed in Bandit 1.8.1) and Ruff\'s S320 (removed) flagged every call; this rule replaces them.',
      why: 'A parser that resolves external entities lets the document pull in any file the process can read: `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>` returns the password file (XXE), and with `no_network=False` it also makes the server fetch URLs of the attacker\'s choosing (SSRF). lxml\'s default parser did exactly that before lxml 5.0, and still does wherever an older lxml is installed. `huge_tree=True` turns off libxml2\'s protection against deeply nested and huge documents, so a small upload can exhaust memory.',
      example: 'from lxml import etree\n\ndef import_feed(upload):\n    return etree.parse(upload)\n\nparser = etree.XMLParser(resolve_entities=True)',
      safe: 'from lxml import etree\n\nSAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)\n\ndef import_feed(upload):\n    return etree.parse(upload, parser=SAFE_PARSER)',
      references: [
        'https://cwe.mitre.org/data/definitions/611.html',
        'https://cwe.mitre.org/data/definitions/776.html',
        'https://lxml.de/FAQ.html#how-do-i-use-lxml-safely-as-a-web-service-endpoint',
        'https://lxml.de/5.0/changes-5.0.0.html',
        'https://lxml.de/api/lxml.etree.XMLParser-class.html',
        'https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html',
      ],
    },
  },
  calls: [...Object.keys(PARSE_FUNCTIONS), ...PARSER_CONSTRUCTORS],

  checkCall(call, context) {
    const name = call.qualifiedName!;
    if (PARSER_CONSTRUCTORS.has(name)) {
      checkOptions(call, context);
      return;
    }
    const data = call.argument(0, PARSE_FUNCTIONS[name]);
    if (data && !call.hasStarArgs) {
      const literal = context.model.literal(data.value);
      if (literal && typeof literal.value === 'string') return;
    }
    if (call.hasStarArgs || call.hasStarKwargs) return;
    const parser = call.argument(1, 'parser');
    // A parser of the caller's own is reported where it is built, if it is unsafe.
    if (parser && context.model.literal(parser.value)?.value !== null) return;
    context.report(call.node, {
      message: `\`${call.callee.text}\` uses lxml's default parser, resolving entities before lxml 5 (XXE); pass a safe parser.`,
      severity: 'high',
      confidence: 'low',
      fix: (fixer) => parserFix(call, parser?.value, context, fixer),
    });
  },
});

/** Reports the unsafe options of a parser constructor or `iterparse`. */
function checkOptions(call: CallSite, context: RuleContext): void {
  const problems: Problem[] = [];
  const resolve = call.keyword('resolve_entities');
  const resolveValue = resolve ? context.model.literal(resolve.value) : undefined;
  if (resolveValue?.value === true) {
    problems.push({ severity: 'high', confidence: 'high', text: '`resolve_entities=True` lets documents read local files (XXE)' });
  } else if (!resolve && !call.hasStarKwargs) {
    problems.push({ severity: 'high', confidence: 'low', text: 'entities resolve before lxml 5 (XXE)' });
  }
  const network = call.keyword('no_network');
  if (network && context.model.literal(network.value)?.value === false) {
    problems.push({ severity: 'high', confidence: 'medium', text: '`no_network=False` lets documents fetch URLs (SSRF)' });
  }
  const huge = call.keyword('huge_tree');
  if (huge && context.model.literal(huge.value)?.value === true) {
    problems.push({ severity: 'medium', confidence: 'high', text: '`huge_tree=True` lifts size limits' });
  }
  if (problems.length === 0) return;
  // Explicit settings first: they are certain, the default is a guess about the lxml version.
  problems.sort((a, b) => rank(b.confidence) - rank(a.confidence));
  const worst = problems[0];
  const severity = problems.some((p) => p.severity === 'high') ? 'high' : 'medium';
  context.report(call.node, {
    message: `\`${call.callee.text}\`: ${problems.map((p) => p.text).join('; ')}; use \`resolve_entities=False, no_network=True\`.`,
    severity,
    confidence: worst.confidence,
    fix: (fixer) => optionsFix(call, context, fixer),
  });
}

function rank(level: Level): number {
  return level === 'high' ? 2 : level === 'medium' ? 1 : 0;
}

/**
 * Sets `resolve_entities=False` and `no_network=True` on the parser. Not preferred: a document
 * that uses its own internal entities (`<!ENTITY copy "©">`) keeps them unexpanded.
 */
function optionsFix(call: CallSite, context: RuleContext, fixer: Fixer): Fix[] {
  if (!call.argumentList || call.hasStarKwargs) return [];
  const edits: TextEdit[] = [];
  const changed: string[] = [];
  const resolve = call.keyword('resolve_entities');
  if (!resolve || context.model.literal(resolve.value)?.value === true) {
    edits.push(fixer.setKeyword(call, 'resolve_entities', 'False'));
    changed.push('resolve_entities=False');
  }
  const network = call.keyword('no_network');
  if (network && context.model.literal(network.value)?.value === false) {
    edits.push(fixer.replace(network.value, 'True'));
    changed.push('no_network=True');
  }
  return edits.length === 0 ? [] : [fixer.unsafe(`Set ${changed.join(', ')}`, ENTITY_CHANGE, edits)];
}

/** Adds `parser=XMLParser(resolve_entities=False, no_network=True)`, or replaces `parser=None`. */
function parserFix(call: CallSite, parser: Node | undefined, context: RuleContext, fixer: Fixer): Fix[] {
  if (!call.argumentList) return [];
  const spelled = spellModuleName('lxml.etree.XMLParser', 'lxml.etree', call.callee, context, fixer);
  if (!spelled) return [];
  const value = `${spelled.text}(resolve_entities=False, no_network=True)`;
  const edit = parser ? fixer.replace(parser, value) : fixer.addKeyword(call, 'parser', value);
  return [fixer.unsafe('Pass a parser with resolve_entities=False', ENTITY_CHANGE, [...spelled.edits, edit])];
}
