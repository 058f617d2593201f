// Suppression by line, for files whose comments we do not parse (requirements, TOML, YAML,
// .env, INI): a `# pyward: ignore[ID]` on the finding's first or last line. And the secret
// scanners' own allow-list comments, which every file kind honours for secrets findings:
// detect-secrets' `pragma: allowlist secret` (this line) and `pragma: allowlist nextline secret`
// (the line before), and gitleaks' `gitleaks:allow`.
import type { Finding } from './finding';
import { lineEndAt, lineStartAt } from './lines';
import type { RuleRegistry } from './registry';
import { describeDirective, parseDirectives, SECRET_ALLOWLIST, suppressionCodes } from './suppression';

const ALLOW_THIS_LINE = /pragma:\s*allowlist[ -]secret|gitleaks:allow/i;
const ALLOW_NEXT_LINE = /pragma:\s*allowlist[ -]nextline[ -]secret/i;

/** Whether a secrets finding is allowed by an allow-list comment. */
export function secretAllowlisted(text: string, finding: Pick<Finding, 'start' | 'end'>): boolean {
  const first = lineAt(text, finding.start);
  const last = lineAt(text, Math.max(finding.start, finding.end - 1));
  if (ALLOW_THIS_LINE.test(text.slice(first.start, first.end)) || ALLOW_THIS_LINE.test(text.slice(last.start, last.end))) return true;
  if (first.start === 0) return false;
  const previous = lineAt(text, first.start - 1);
  return ALLOW_NEXT_LINE.test(text.slice(previous.start, previous.end));
}

/** How a `#` comment on the finding's first or last line suppresses it ("a `# pyward: ignore` comment"), if one does. */
export function lineSuppression(text: string, finding: Finding, registry: RuleRegistry): string | undefined {
  const rule = registry.rule(finding.ruleId);
  if (rule?.meta.category === 'secrets' && secretAllowlisted(text, finding)) return SECRET_ALLOWLIST;
  const names = suppressionCodes(finding.ruleId, rule?.meta);
  for (const offset of [finding.start, Math.max(finding.start, finding.end - 1)]) {
    const line = lineAt(text, offset);
    const lineText = text.slice(line.start, line.end);
    const hash = lineText.indexOf('#');
    if (hash === -1) continue;
    for (const directive of parseDirectives(lineText.slice(hash))) {
      if (directive.tool !== 'pyward') continue;
      if (!directive.codes || directive.codes.some((code) => names.includes(code.code))) return describeDirective(directive.tool);
    }
  }
  return undefined;
}

/** The line holding `offset`: a lone `\r` ends one too, so a comment cannot reach past its line. */
function lineAt(text: string, offset: number): { start: number; end: number } {
  return { start: lineStartAt(text, offset), end: lineEndAt(text, offset) };
}
