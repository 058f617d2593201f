// What single slip turns one name into another: the classification behind a typosquat's reason.

export type SlipKind =
  | 'omitted'
  | 'repeated'
  | 'inserted'
  | 'swapped'
  | 'adjacent-key'
  | 'look-alike'
  | 'vowel'
  | 'changed'
  | 'version-digit'
  | 'separator'
  | 'word-order'
  | 'affix'
  | 'glued'
  /** A name nobody registered, within a couple of edits of a very popular one (or exchanging blocks of it). */
  | 'unregistered'
  /** A standard-library module's name (nothing to install), or a file's name typed as a package. */
  | 'stdlib';

export interface Slip {
  kind: SlipKind;
  reason: string;
}

const KEYBOARD_ROWS = ['1234567890-', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const LOOK_ALIKE_GROUPS = ['il1', '0o'];
/** Character sequences read as one another: `rn` for `m`. */
export const LOOK_ALIKE_SEQUENCES: readonly (readonly [string, string])[] = [
  ['rn', 'm'],
  ['vv', 'w'],
  ['cl', 'd'],
];

const keyPosition = new Map<string, [row: number, column: number]>();
KEYBOARD_ROWS.forEach((row, r) => [...row].forEach((key, c) => keyPosition.set(key, [r, c])));

/** Neighbouring keys on a QWERTY keyboard (each row sits half a key right of the one above). */
export function keyboardAdjacent(a: string, b: string): boolean {
  const pa = keyPosition.get(a);
  const pb = keyPosition.get(b);
  if (!pa || !pb || a === b) return false;
  const [upper, lower] = pa[0] <= pb[0] ? [pa, pb] : [pb, pa];
  if (upper[0] === lower[0]) return Math.abs(upper[1] - lower[1]) === 1;
  return lower[0] - upper[0] === 1 && (lower[1] === upper[1] || lower[1] === upper[1] - 1);
}

export function lookAlike(a: string, b: string): boolean {
  return a !== b && LOOK_ALIKE_GROUPS.some((group) => group.includes(a) && group.includes(b));
}

const isVowel = (char: string | undefined) => char !== undefined && 'aeiou'.includes(char);
const isDigit = (char: string | undefined) => char !== undefined && char >= '0' && char <= '9';

/**
 * The one slip that turns `intended` into `candidate` (both normalized), or undefined when they
 * are further apart. `raw` is the name as written, to quote a capital `I` as the user typed it.
 */
export function describeEdit(candidate: string, intended: string, raw = candidate): Slip | undefined {
  let start = 0;
  while (start < candidate.length && start < intended.length && candidate[start] === intended[start]) start++;
  const lengthDifference = candidate.length - intended.length;
  if (lengthDifference === -1 && candidate.slice(start) === intended.slice(start + 1)) {
    return omission(intended, start);
  }
  if (lengthDifference === 1 && candidate.slice(start + 1) === intended.slice(start)) {
    return insertion(candidate, start);
  }
  if (lengthDifference !== 0) return undefined;
  if (candidate.slice(start + 1) === intended.slice(start + 1)) {
    return substitution(candidate[start], intended[start], start, candidate, raw);
  }
  if (
    candidate[start] === intended[start + 1] &&
    candidate[start + 1] === intended[start] &&
    candidate.slice(start + 2) === intended.slice(start + 2)
  ) {
    return { kind: 'swapped', reason: `two letters swapped (\`${candidate.slice(start, start + 2)}\` for \`${intended.slice(start, start + 2)}\`)` };
  }
  return undefined;
}

function omission(intended: string, at: number): Slip {
  const left = intended[at];
  if (left === '-') return { kind: 'separator', reason: 'separator left out' };
  if (intended[at - 1] === left || intended[at + 1] === left) return { kind: 'omitted', reason: `double \`${left}\` written once` };
  return { kind: 'omitted', reason: `\`${left}\` left out` };
}

function insertion(candidate: string, at: number): Slip {
  const added = candidate[at];
  if (added === '-') return { kind: 'separator', reason: 'separator added' };
  if (at === candidate.length - 1 && isDigit(added)) return { kind: 'version-digit', reason: 'version digit appended' };
  const before = candidate[at - 1];
  const after = candidate[at + 1];
  if (before === added || after === added) return { kind: 'repeated', reason: `\`${added}\` repeated` };
  // A stray key lands next to the key meant; an extra vowel beside a vowel is a spelling slip (colour).
  if (after === undefined && added === 's') return { kind: 'inserted', reason: 'plural `s` added' };
  const slipped = [before, after].some((next) => next !== undefined && (keyboardAdjacent(added, next) || (isVowel(added) && isVowel(next))));
  return { kind: at > 0 && slipped ? 'inserted' : 'changed', reason: `extra \`${added}\`` };
}

function substitution(typed: string, meant: string, at: number, candidate: string, raw: string): Slip {
  if (lookAlike(typed, meant)) {
    // Quote the character as written when the raw name lines up with the normalized one.
    const written = raw.length === candidate.length && raw[at].toLowerCase() === typed ? raw[at] : typed;
    return { kind: 'look-alike', reason: `\`${written}\` looks like \`${meant}\`` };
  }
  if (isDigit(typed) && isDigit(meant) && at === candidate.length - 1) {
    return { kind: 'version-digit', reason: `version digit changed (\`${typed}\` for \`${meant}\`)` };
  }
  if (typed === '-' || meant === '-') return { kind: 'separator', reason: 'separator changed' };
  if (keyboardAdjacent(typed, meant)) return { kind: 'adjacent-key', reason: `\`${typed}\` typed for the next key \`${meant}\`` };
  if (isVowel(typed) && isVowel(meant)) return { kind: 'vowel', reason: `\`${typed}\` instead of \`${meant}\`` };
  return { kind: 'changed', reason: `\`${typed}\` instead of \`${meant}\`` };
}
