// Finding every occurrence of a rule set's text tokens in a file: one regular-expression pass
// over the text instead of one search per token (the rules watch about 200 of them).

interface TokenMatcher {
  /** Matches wherever some token starts (it is restarted one character later after each match). */
  anyToken: RegExp;
  /** The tokens' indexes by their first character. */
  byFirstCode: Map<number, number[]>;
}

const matchers = new WeakMap<readonly string[], TokenMatcher>();

function matcherFor(tokens: readonly string[]): TokenMatcher {
  let matcher = matchers.get(tokens);
  if (!matcher) {
    const byFirstCode = new Map<number, number[]>();
    tokens.forEach((token, index) => {
      const code = token.charCodeAt(0);
      const list = byFirstCode.get(code);
      if (list) list.push(index);
      else byFirstCode.set(code, [index]);
    });
    const alternatives = tokens.filter((token) => token.length > 0).map((token) => token.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
    matcher = { anyToken: new RegExp(alternatives.length > 0 ? alternatives.join('|') : '^(?!)', 'g'), byFirstCode };
    matchers.set(tokens, matcher);
  }
  return matcher;
}

/**
 * Calls `visit` for each occurrence of each token in `text` between `from` and `to`, token by
 * token in the order of `tokens`, each token's occurrences in text order without overlapping
 * one another (occurrences of different tokens may overlap).
 */
export function forEachOccurrence(text: string, from: number, to: number, tokens: readonly string[], visit: (token: string, start: number) => void): void {
  const { anyToken, byFirstCode } = matcherFor(tokens);
  const found: number[][] = tokens.map(() => []);
  const nextAllowed = new Array<number>(tokens.length).fill(0);
  // The search runs in the range alone: on the whole text, a regular expression that finds no
  // token before `to` would read on to the end of the file (an edit's span in a large file).
  const range = from === 0 && to >= text.length ? text : text.slice(from, to);
  anyToken.lastIndex = 0;
  for (let match = anyToken.exec(range); match !== null; match = anyToken.exec(range)) {
    const at = match.index;
    anyToken.lastIndex = at + 1;
    for (const index of byFirstCode.get(range.charCodeAt(at)) ?? []) {
      const token = tokens[index];
      if (at >= nextAllowed[index] && range.startsWith(token, at)) {
        found[index].push(from + at);
        nextAllowed[index] = at + token.length;
      }
    }
  }
  found.forEach((starts, index) => {
    for (const start of starts) visit(tokens[index], start);
  });
}
