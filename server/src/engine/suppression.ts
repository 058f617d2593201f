// Suppression comments: our own `# pyward: ignore[PW101]`, Bandit's `# nosec` / `# nosec B301`
// and Ruff's `# noqa` / `# noqa: S301`. A comment suppresses findings that start or end on
// its line; a code list narrows it to those rules (matched by our ID, Bandit ID or Ruff code).
import type { Node } from 'web-tree-sitter';
import type { Finding } from './finding';
import type { RuleRegistry } from './registry';

interface Suppression {
  /** undefined: every rule. */
  codes: Set<string> | undefined;
}

const DIRECTIVE = /#\s*(?:(pyward:\s*ignore)(?:\[([^\]]*)\])?|(nosec)\b:?((?:[\s,]*[A-Za-z]+\d+)*)|(noqa)\b(?::((?:[\s,]*[A-Za-z]+\d+)+))?)/gi;

export function parseSuppressions(commentText: string): Suppression[] {
  const found: Suppression[] = [];
  DIRECTIVE.lastIndex = 0;
  for (let match = DIRECTIVE.exec(commentText); match; match = DIRECTIVE.exec(commentText)) {
    const list = match[1] ? match[2] : match[3] ? match[4] : match[6];
    const codes = (list ?? '').split(/[\s,]+/).filter(Boolean).map((code) => code.toUpperCase());
    found.push({ codes: codes.length > 0 ? new Set(codes) : undefined });
  }
  return found;
}

/** Drops the findings that a suppression comment on their first or last line covers. */
export function applySuppressions(findings: readonly Finding[], text: string, root: Node, registry: RuleRegistry): Finding[] {
  const byLine = new Map<number, Suppression[]>();
  const suppressionsOnLineOf = (offset: number): Suppression[] => {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    let cached = byLine.get(lineStart);
    if (cached) return cached;
    cached = [];
    let lineEnd = text.indexOf('\n', offset);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    for (let hash = line.indexOf('#'); hash !== -1; hash = line.indexOf('#', hash + 1)) {
      const node = root.descendantForIndex(lineStart + hash, lineStart + hash + 1);
      if (node?.type === 'comment') {
        cached = parseSuppressions(node.text);
        break;
      }
    }
    byLine.set(lineStart, cached);
    return cached;
  };
  return findings.filter((finding) => {
    const rule = registry.rule(finding.ruleId);
    const names = [finding.ruleId, rule?.meta.bandit, rule?.meta.ruff, ...(rule?.meta.alsoCovers ?? [])].filter((n): n is string => !!n);
    const covers = (s: Suppression) => !s.codes || names.some((n) => s.codes!.has(n.toUpperCase()));
    const lines = [...suppressionsOnLineOf(finding.start), ...suppressionsOnLineOf(Math.max(finding.start, finding.end - 1))];
    return !lines.some(covers);
  });
}
