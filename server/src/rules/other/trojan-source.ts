import type { Node } from 'web-tree-sitter';
import { defineRule } from '../../engine/rule';
import type { Fix, Fixer, TextEdit } from '../../engine/fixer';

/**
 * The Unicode bidirectional control characters Bandit's B613 looks for (the same list as
 * Pylint's E2502): embeddings, overrides, isolates, their terminators and the right-to-left mark.
 */
const BIDI: Record<string, string> = {
  '\u202a': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202b': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202c': 'POP DIRECTIONAL FORMATTING',
  '\u202d': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202e': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
  '\u200f': 'RIGHT-TO-LEFT MARK',
};
const CHARACTERS = Object.keys(BIDI);
const ANY_BIDI = new RegExp(`[${CHARACTERS.join('')}]`, 'g');

export default defineRule({
  meta: {
    id: 'PW904',
    name: 'trojan-source',
    title: 'Bidirectional control characters in source (Trojan Source)',
    category: 'other',
    // Bandit's defaults for B613 (high, medium). Ruff's equivalent is PLE2502
    // (bidirectional-unicode), a Pylint rule rather than a flake8-bandit one, so it is not
    // listed as this rule's Ruff code.
    severity: 'high',
    confidence: 'medium',
    cwe: 838,
    bandit: 'B613',
    fixable: true,
    fixApplicability: ['safe', 'unsafe'],
    docs: {
      what: 'Finds the invisible Unicode bidirectional control characters (U+202A–U+202E, U+2066–U+2069 and U+200F, the list Bandit\'s B613 and Pylint\'s E2502 use) in comments, strings and code. Ruff reports the same characters as `PLE2502` (bidirectional-unicode, derived from Pylint); suppress with `# noqa: PLE2502` there and `# nosec B613` or `# pyward: ignore[PW904]` here.',
      why: 'These characters change the order in which editors and review tools display the text around them, but not the order in which Python reads it. An attacker who gets one into a patch can make code look like a comment, close a string where the reviewer sees it open, or hide an early `return` (the "Trojan Source" attack, CVE-2021-42574): the reviewed code and the executed code differ. Legitimate uses in Python source are rare; right-to-left text in strings can spell them as `\\u202e` escapes.',
      example: '# Shown by an editor as:  if access_level != "user":  # Check if admin\n# Stored as (⟨RLO⟩, ⟨LRI⟩ and ⟨PDI⟩ stand for the invisible U+202E, U+2066 and U+2069):\nif access_level != "user⟨RLO⟩ ⟨LRI⟩# Check if admin⟨PDI⟩ ⟨LRI⟩":\n    grant_admin()',
      safe: 'access_level = "user"\nif access_level != "user":  # Check if admin\n    grant_admin()\n\nGREETING = "\\u202eolleh"  # an intentional override, written as a visible escape',
      references: [
        'https://cwe.mitre.org/data/definitions/838.html',
        'https://trojansource.codes/',
        'https://nvd.nist.gov/vuln/detail/CVE-2021-42574',
        'https://docs.astral.sh/ruff/rules/bidirectional-unicode/',
      ],
    },
  },
  // Comments and strings are sites of their own, so that one finding covers all the characters
  // in one and stays right while any part of it is edited; the text tokens catch the characters
  // elsewhere in the code.
  tokens: CHARACTERS,

  checkNode(node, context) {
    const found = occurrences(node);
    if (found.length === 0) return;
    const names = [...new Set(found.map((f) => f.character))].map(codePoint).join(', ');
    const many = found.length > 1;
    const them = many ? 'them' : 'it';
    const s = many ? 's' : '';
    if (node.type === 'comment') {
      context.report(node, {
        message: `Invisible bidi character${s} ${names} in this comment can disguise code (Trojan Source); remove ${them}.`,
        fix: (fixer) => [fixer.safe(REMOVE_TITLE, removals(found, fixer))],
      });
      return;
    }
    // Right-to-left marks alone are common in right-to-left text (dates, labels) and cannot
    // override or isolate anything: reported, but with low severity.
    const marksOnly = found.every((f) => f.character === '\u200f');
    const raw = isRaw(node);
    context.report(node, {
      message: `Invisible bidi character${s} ${names} in this string can disguise code (Trojan Source); escape or remove ${them}.`,
      severity: marksOnly ? 'low' : undefined,
      fix: (fixer) => {
        const fixes: Fix[] = [];
        if (!raw) fixes.push(escapeFix(found, fixer));
        fixes.push(fixer.unsafe(REMOVE_TITLE, 'the string loses those characters', removals(found, fixer)));
        return fixes;
      },
    });
  },

  checkToken(token, context) {
    // Triggered by the characters themselves (rare), not by every string and comment. Inside a
    // comment or string, one finding for the whole node, made by its first character.
    for (let at: Node | null = token.node; at; at = at.parent) {
      if (at.type === 'comment' || at.type === 'string') {
        if (occurrences(at)[0]?.start === token.start) this.checkNode!(at, context);
        return;
      }
    }
    // In code, outside any comment or string: Python rejects the character there, but it still
    // changes how the line is displayed.
    const node = token.node;
    if (node.startPosition.row !== node.endPosition.row) return;
    context.report(node, {
      message: `Invisible bidirectional character ${describe(token.token)} in code reorders how the line displays (Trojan Source); remove it.`,
    });
  },
});

function codePoint(character: string): string {
  return `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function describe(character: string): string {
  return `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} (${BIDI[character]})`;
}

function isRaw(string: Node): boolean {
  const start = string.firstChild;
  return !!start && start.type === 'string_start' && /r/i.test(start.text);
}

/** The control characters inside a node that belong to it (not to a nested interpolation). */
function occurrences(node: Node): Occurrence[] {
  const found: Occurrence[] = [];
  const visit = (n: Node) => {
    if (n.type === 'interpolation' || (n.type === 'string' && n.id !== node.id)) return;
    if (n.type === 'string_content' || n.type === 'comment') {
      ANY_BIDI.lastIndex = 0;
      for (let match = ANY_BIDI.exec(n.text); match; match = ANY_BIDI.exec(n.text)) found.push({ start: n.startIndex + match.index, character: match[0] });
      return;
    }
    for (const child of n.namedChildren) if (child) visit(child);
  };
  visit(node);
  return found;
}

interface Occurrence {
  start: number;
  character: string;
}

const REMOVE_TITLE = 'Remove the bidirectional control characters';

function removals(found: readonly Occurrence[], fixer: Fixer): TextEdit[] {
  return found.map(({ start }) => fixer.replaceRange(start, start + 1, ''));
}

/** `"a\u202eb"` with the character written as the escape `\u202e`: the same string, now visible. */
function escapeFix(found: readonly Occurrence[], fixer: Fixer): Fix {
  const edits: TextEdit[] = found.map(({ start, character }) =>
    fixer.replaceRange(start, start + 1, `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
  return fixer.safe('Write the bidirectional control characters as \\u escapes', edits);
}
