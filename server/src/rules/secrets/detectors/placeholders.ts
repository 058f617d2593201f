// Values that stand in for a secret rather than being one: template variables, environment
// references, masks and sample markers. Shared by every secrets rule, so that `<your-token>`,
// `${GITHUB_TOKEN}` and `xxxx` are filtered the same way in Python, `.env` and YAML alike.

/** A whole value that is a placeholder: `<password>`, `${DB_PASSWORD}`, `{{ token }}`, `%(pw)s`, `xxxx`, `your-token-here`. */
export function isPlaceholder(text: string): boolean {
  return (
    /^<[^<>]+>$/.test(text) || // <your-password>
    /^\[[^[\]]+\]$/.test(text) || // [PASSWORD]
    /^\$\{\{[^}]*\}\}$/.test(text) || // ${{ secrets.PYPI_TOKEN }} (GitHub Actions)
    /^\$\{[^}]+\}$/.test(text) || // ${DB_PASSWORD}
    /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(text) || // $DB_PASSWORD
    /^%\([A-Za-z_][A-Za-z0-9_]*\)[sr]$/.test(text) || // %(password)s
    /^%[A-Za-z_][A-Za-z0-9_]*%$/.test(text) || // %DB_PASSWORD% (Windows)
    /^\{\{[^}]*\}\}$/.test(text) || // {{ password }}
    /^\{[A-Za-z_0-9.]*\}$/.test(text) || // {password}, {}
    /^%[sr]$/.test(text) ||
    /^(.)\1+$/.test(text) || // xxxx, ****, 0000
    /^x{3,}(?:[-_]x+)*$/i.test(text) ||
    /^(?:your|my|enter|insert|put)[-_ ][a-z0-9]+(?:[-_ ][a-z0-9]+)*$/i.test(text) || // your-password-here, your_api_token
    /(?:^|[-_ ])here$/i.test(text) ||
    /^(?:replace|fill|set)[-_ ]?(?:me|this|it|in)\b/i.test(text) ||
    /^(?:todo|tbd|fixme|none|null|nil|undefined|dummy|placeholder|example|sample|redacted|hidden|masked|secret_here|n\/a|true|false|yes|no|on|off|required|optional)$/i.test(text)
  );
}

/**
 * Whether a token-shaped value says it is a sample: documentation keys (`AKIAIOSFODNN7EXAMPLE`),
 * `dummy`, `fake`, `placeholder`, runs of `x` or `*`, `test` as a word of its own, a name ending
 * in `Here`, or a run of the alphabet.
 */
export function hasSampleMarker(text: string): boolean {
  return (
    hasSampleWord(text) ||
    /x{5,}|X{5,}|\*{3,}|\.\.\.|…/.test(text) ||
    /(?:^|[^A-Za-z])test(?:[^a-z]|$)/i.test(text) ||
    /(.)\1{7,}/.test(text) ||
    // `…ConfigurationAccessTokenHere`, `…YourKeyHere`: a name asking to be replaced.
    /[a-z](?:Here|HERE)$/.test(text) ||
    hasAlphabetRun(text)
  );
}

/**
 * `example`, `dummy`, `fake`… written as a word is written (`fake`, `FAKE`, `Fake`): random
 * characters of a long token spell `fAKE` or `sAmPlE` by chance, and those are not markers.
 */
function hasSampleWord(text: string): boolean {
  for (const [word] of text.matchAll(/example|dummy|placeholder|sample|fake|redacted/gi)) {
    if (word === word.toLowerCase() || word === word.toUpperCase() || word === word[0].toUpperCase() + word.slice(1).toLowerCase()) return true;
  }
  return false;
}

/** Eight or more letters or digits in counting order (`abcdefgh`, `12345678`): typed, not generated (`AIzaSyabcdefghijklmnop…`). */
function hasAlphabetRun(text: string): boolean {
  let run = 1;
  for (let i = 1; i < text.length; i++) {
    const step = text.charCodeAt(i) - text.charCodeAt(i - 1);
    run = step === 1 && /[a-zA-Z0-9]/.test(text[i]) && /[a-zA-Z0-9]/.test(text[i - 1]) ? run + 1 : 1;
    if (run >= 8) return true;
  }
  return false;
}

/** A placeholder or sample value, or one with a template in it (`{{`, `${`, `<`…`>`). */
export function isStandIn(text: string): boolean {
  return isPlaceholder(text) || hasSampleMarker(text) || /\$\{|\{\{|<[A-Za-z_ -]{1,40}>/.test(text);
}
