// The standard library's XML parsing functions that Bandit B313–B319 list, family by family,
// with their defusedxml drop-in: what each call parses (a file or a document in memory) and
// which argument would make the drop-in ignore its protection (a parser of the caller's own).
// Shared by PW701–PW707, which differ only in their family and metadata.
import type { Fix, Fixer } from '../../engine/fixer';
import type { Level, Rule, RuleContext, RuleMeta } from '../../engine/rule';
import type { CallSite } from '../../engine/sites';
import { spellModuleName } from './spelling';

/** What a parsing function is given. */
type Input =
  /** A file name or a file object: a literal path is the project's own file, usually trusted. */
  | 'file'
  /** The document itself: a literal is written in the source and cannot be hostile. */
  | 'text'
  /** Nothing: the call builds a parser that is fed later. */
  | 'parser';

export interface XmlFunction {
  input: Input;
  /** Where the document or file is passed: position and parameter name. */
  data?: readonly [number, string];
  /** The defusedxml function with the same signature (module, name); none when no drop-in exists. */
  defused?: readonly [string, string];
  /**
   * Arguments the drop-in does not take or would use instead of its own protected parser
   * (`parser=`): the fix is not offered when one is passed.
   */
  blocks?: readonly (readonly [number, string])[];
  /** The call must have no arguments at all for the drop-in to match (`defusedxml.sax.make_parser()`). */
  noArguments?: boolean;
}

/** One family: a module of the standard library and its parsing functions. */
export interface XmlFamily {
  module: string;
  /** What is parsed and what goes wrong, for the message: one sentence. */
  risk: string;
  functions: Readonly<Record<string, XmlFunction>>;
}

const ELEMENT_TREE_FUNCTIONS = (defusedModule: string): Record<string, XmlFunction> => ({
  parse: { input: 'file', data: [0, 'source'], defused: [defusedModule, 'parse'], blocks: [[1, 'parser']] },
  iterparse: { input: 'file', data: [0, 'source'], defused: [defusedModule, 'iterparse'], blocks: [[2, 'parser']] },
  fromstring: { input: 'text', data: [0, 'text'], defused: [defusedModule, 'fromstring'], blocks: [[1, 'parser']] },
  // `XML` and `fromstringlist` are `fromstring` under other names; Bandit does not list them.
  XML: { input: 'text', data: [0, 'text'], defused: [defusedModule, 'XML'], blocks: [[1, 'parser']] },
  fromstringlist: { input: 'text', data: [0, 'sequence'], defused: [defusedModule, 'fromstringlist'], blocks: [[1, 'parser']] },
  XMLParser: { input: 'parser', defused: [defusedModule, 'XMLParser'] },
});

const EXPAT_RISK =
  'a small hostile document with nested entity definitions ("billion laughs") or huge tokens can exhaust memory and CPU unless the interpreter\'s expat is recent (2.4.1+ limits entity expansion, 2.6.0+ huge tokens), which the code cannot guarantee';

/** The families, keyed by the rule that reports them. */
export const XML_FAMILIES = {
  cElementTree: {
    module: 'xml.etree.cElementTree',
    risk: `${EXPAT_RISK}; \`xml.etree.cElementTree\` only exists up to Python 3.8, whose expat is often older`,
    // defusedxml.cElementTree is deprecated (it raises ImportError on Python 3.9+): the drop-in is
    // defusedxml.ElementTree, which has the same functions.
    functions: ELEMENT_TREE_FUNCTIONS('defusedxml.ElementTree'),
  },
  ElementTree: {
    module: 'xml.etree.ElementTree',
    risk: EXPAT_RISK,
    functions: ELEMENT_TREE_FUNCTIONS('defusedxml.ElementTree'),
  },
  expatreader: {
    module: 'xml.sax.expatreader',
    risk: `${EXPAT_RISK}; with \`feature_external_ges\` turned on it also reads files and URLs the document names (XXE)`,
    functions: {
      create_parser: { input: 'parser', defused: ['defusedxml.expatreader', 'create_parser'] },
    },
  },
  expatbuilder: {
    module: 'xml.dom.expatbuilder',
    risk: EXPAT_RISK,
    functions: {
      parse: { input: 'file', data: [0, 'file'], defused: ['defusedxml.expatbuilder', 'parse'] },
      parseString: { input: 'text', data: [0, 'string'], defused: ['defusedxml.expatbuilder', 'parseString'] },
    },
  },
  sax: {
    module: 'xml.sax',
    risk: `${EXPAT_RISK}; with \`feature_external_ges\` turned on it also reads files and URLs the document names (XXE)`,
    functions: {
      parse: { input: 'file', data: [0, 'source'], defused: ['defusedxml.sax', 'parse'] },
      parseString: { input: 'text', data: [0, 'string'], defused: ['defusedxml.sax', 'parseString'] },
      // defusedxml.sax.make_parser() takes no parser list.
      make_parser: { input: 'parser', defused: ['defusedxml.sax', 'make_parser'], noArguments: true },
    },
  },
  minidom: {
    module: 'xml.dom.minidom',
    risk: EXPAT_RISK,
    functions: {
      parse: { input: 'file', data: [0, 'file'], defused: ['defusedxml.minidom', 'parse'], blocks: [[1, 'parser']] },
      parseString: { input: 'text', data: [0, 'string'], defused: ['defusedxml.minidom', 'parseString'], blocks: [[1, 'parser']] },
    },
  },
  pulldom: {
    module: 'xml.dom.pulldom',
    risk: EXPAT_RISK,
    functions: {
      parse: { input: 'file', data: [0, 'stream_or_string'], defused: ['defusedxml.pulldom', 'parse'], blocks: [[1, 'parser']] },
      parseString: { input: 'text', data: [0, 'string'], defused: ['defusedxml.pulldom', 'parseString'], blocks: [[1, 'parser']] },
    },
  },
} satisfies Record<string, XmlFamily>;

/** The qualified names of a family's functions: "xml.etree.ElementTree.parse", …. */
export function familyCalls(family: XmlFamily): string[] {
  return Object.keys(family.functions).map((name) => `${family.module}.${name}`);
}

/**
 * A rule reporting the calls of one family. Severity and confidence come from `meta`; a file
 * named by a string literal (the project's own file) lowers the confidence, a document written
 * as a literal is not reported.
 */
export function xmlFamilyRule(meta: RuleMeta, family: XmlFamily): Rule {
  return {
    meta,
    calls: familyCalls(family),
    checkCall(call, context) {
      const name = call.qualifiedName!.slice(family.module.length + 1);
      const fn = family.functions[name];
      if (!fn) return;
      let confidence: Level | undefined;
      const data = fn.data ? call.argument(fn.data[0], fn.data[1]) : undefined;
      if (data && !call.hasStarArgs) {
        const literal = context.model.literal(data.value);
        if (literal && typeof literal.value === 'string') {
          // A document in the source is not attacker-controlled; a file name in the source is the
          // project's own file, which an attacker rarely writes.
          if (fn.input === 'text') return;
          confidence = 'low';
        }
      }
      const written = call.callee.text;
      const defused = fn.defused ? `${fn.defused[0]}.${fn.defused[1]}` : undefined;
      const does = fn.input === 'parser' ? 'creates an expat parser' : 'parses XML with expat';
      const ownParser = fn.blocks?.some(([index, argument]) => call.argument(index, argument));
      context.report(call.node, {
        message: `\`${written}\` ${does}, open to entity expansion; use ${defused ? `\`${defused}\`` : 'defusedxml'}.`,
        details: ownParser ? "No automatic rewrite: the call passes a parser of its own, and defusedxml protects only with defusedxml's own parser." : undefined,
        confidence,
        fix: (fixer) => defusedFix(call, fn, context, fixer),
      });
    },
  };
}

/**
 * Rewrites the callee to the defusedxml function, spelled through an existing import of it or
 * as `defusedxml.module.name` with `import defusedxml.module` added. The call site is rewritten,
 * not the import: other names of the standard module (`Element`, `SubElement`) have no
 * defusedxml counterpart. Not preferred: it adds a dependency, and defusedxml rejects documents
 * that declare entities, which some legitimate documents do.
 */
function defusedFix(call: CallSite, fn: XmlFunction, context: RuleContext, fixer: Fixer): Fix[] {
  if (!fn.defused || call.hasStarArgs || call.hasStarKwargs || !call.argumentList) return [];
  if (fn.noArguments && call.arguments.length > 0) return [];
  if (fn.blocks?.some(([index, name]) => call.argument(index, name))) return [];
  const [module, name] = fn.defused;
  const qualified = `${module}.${name}`;
  const spelled = spellModuleName(qualified, module, call.callee, context, fixer);
  if (!spelled) return [];
  return [fixer.unsafe(`Use ${qualified}`, 'needs the defusedxml dependency; documents with entity declarations are refused', [...spelled.edits, fixer.replace(call.callee, spelled.text)])];
}
