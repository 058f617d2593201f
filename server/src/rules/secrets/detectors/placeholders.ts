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
 * `dummy`, `fake`, `placeholder`, runs of `x` or `*`, or `test` as a word of its own.
 */
export function hasSampleMarker(text: string): boolean {
  return /example|dummy|placeholder|sample|fake|redacted|x{5,}|X{5,}|\*{3,}|\.\.\.|…/i.test(text) || /(?:^|[^A-Za-z])test(?:[^a-z]|$)/i.test(text) || /(.)\1{7,}/.test(text);
}

/** A placeholder or sample value, or one with a template in it (`{{`, `${`, `<`…`>`). */
export function isStandIn(text: string): boolean {
  return isPlaceholder(text) || hasSampleMarker(text) || /\$\{|\{\{|<[A-Za-z_ -]{1,40}>/.test(text);
}
