// Key–value pairs of configuration files, read line by line without a parser: `.env`
// (`KEY=value`, `export KEY=value`), INI and setup.cfg (`key = value`), TOML (`key = "value"`),
// YAML (`key: value`, `- key: value`) and JSON (`"key": "value"`, minified too). Ranges cover
// the value only, without its quotes. Good enough to find a secret under a name; not a parser.

export interface ConfigValue {
  key: string;
  value: string;
  /** The value's range in the text. */
  start: number;
  end: number;
}

const PAIR = /^[ \t]*(?:export[ \t]+|-[ \t]+)?(["']?)([A-Za-z_][A-Za-z0-9_.-]{0,100})\1[ \t]{0,20}[=:][ \t]{0,20}/;
const JSON_PAIR = /"([A-Za-z_][A-Za-z0-9_.-]{0,100})"\s{0,20}:\s{0,20}"((?:[^"\\\n]|\\.){0,2000})"/g;
/** Longer lines are data or minified JSON: only JSON pairs are looked for in them. */
const LONG_LINE = 2000;

export function configValues(text: string): ConfigValue[] {
  const values: ConfigValue[] = [];
  for (let lineStart = 0; lineStart < text.length; ) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    // Minified JSON (and long data lines): pairs anywhere in the line.
    if (line.length > LONG_LINE || /^\s*[{[]/.test(line)) jsonPairs(line, lineStart, values);
    else linePair(line, lineStart, values);
    lineStart = lineEnd + 1;
  }
  return values;
}

function linePair(line: string, offset: number, values: ConfigValue[]): void {
  const match = PAIR.exec(line);
  if (!match) return;
  const key = match[2];
  const rest = line.slice(match[0].length);
  const restStart = offset + match[0].length;
  const quote = rest[0];
  if (quote === '"' || quote === "'") {
    const close = closingQuote(rest, quote);
    if (close === -1) return;
    values.push({ key, value: rest.slice(1, close), start: restStart + 1, end: restStart + close });
    return;
  }
  if (rest === '' || '{[|>&*!#;'.includes(rest[0])) return;
  // A trailing comment (` # …`, ` ; …`) and a JSON comma are not part of the value.
  const comment = /\s[#;]/.exec(rest);
  const trimmed = (comment ? rest.slice(0, comment.index) : rest).trimEnd();
  const value = trimmed.endsWith(',') ? trimmed.slice(0, -1).trimEnd() : trimmed;
  if (value !== '') values.push({ key, value, start: restStart, end: restStart + value.length });
}

function closingQuote(text: string, quote: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\' && quote === '"') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

function jsonPairs(line: string, offset: number, values: ConfigValue[]): void {
  JSON_PAIR.lastIndex = 0;
  for (let match = JSON_PAIR.exec(line); match; match = JSON_PAIR.exec(line)) {
    const end = match.index + match[0].length - 1;
    values.push({ key: match[1], value: match[2], start: offset + end - match[2].length, end: offset + end });
  }
}
