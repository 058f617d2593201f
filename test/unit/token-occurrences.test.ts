// One scan for all of a rule set's text tokens finds what a search per token finds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachOccurrence } from '../../server/src/engine/token-occurrences';

/** The reference: each token searched on its own, its occurrences not overlapping one another. */
function naive(text: string, from: number, to: number, tokens: readonly string[]): [string, number][] {
  const found: [string, number][] = [];
  const region = text.slice(from, to);
  for (const token of tokens) {
    for (let at = region.indexOf(token); at !== -1; at = region.indexOf(token, at + token.length)) found.push([token, from + at]);
  }
  return found;
}

function scanned(text: string, from: number, to: number, tokens: readonly string[]): [string, number][] {
  const found: [string, number][] = [];
  forEachOccurrence(text, from, to, tokens, (token, at) => found.push([token, at]));
  return found;
}

test('overlapping tokens, tokens inside others, regex metacharacters and repeated letters', () => {
  const tokens = ['secret', 'SECRET', 'secret_key', 'key', 'aa', '0.0.0.0', '/tmp', 's.', 'a|b', '('];
  const text = 'secret_key = "x"; SECRET_KEY; aaaa; host="0.0.0.0"; os.path("/tmp/x"); s.a|b(key)';
  assert.deepEqual(scanned(text, 0, text.length, tokens), naive(text, 0, text.length, tokens));
  assert.deepEqual(scanned(text, 0, text.length, tokens).filter(([token]) => token === 'aa'), [['aa', 30], ['aa', 32]]);
});

test('tokens outside ASCII: a lone bidirectional control and a word in another script', () => {
  const tokens = ['\u202e', 'ключ', 'к'];
  const text = 'x = "\u202eabc\u202e"  # ключ, ключи, к';
  assert.deepEqual(scanned(text, 0, text.length, tokens), naive(text, 0, text.length, tokens));
  assert.equal(scanned(text, 0, text.length, tokens).length, 2 + 2 + 3);
});

test('only occurrences wholly inside the range are visited', () => {
  const text = 'token token token';
  assert.deepEqual(scanned(text, 3, 14, ['token']), [['token', 6]]);
  assert.deepEqual(scanned(text, 0, 0, ['token']), []);
});

test('random texts over a small alphabet agree with a search per token', () => {
  let seed = 20261207;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const alphabet = 'ab.c_K';
  const word = (min: number, max: number) => Array.from({ length: min + Math.floor(next() * (max - min + 1)) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  for (let round = 0; round < 300; round++) {
    const tokens = [...new Set(Array.from({ length: 1 + Math.floor(next() * 6) }, () => word(1, 4)))];
    const text = word(0, 60);
    const from = Math.floor(next() * (text.length + 1));
    const to = from + Math.floor(next() * (text.length - from + 1));
    assert.deepEqual(scanned(text, from, to, tokens), naive(text, from, to, tokens), `tokens ${JSON.stringify(tokens)} in ${JSON.stringify(text)} [${from}, ${to})`);
  }
});
