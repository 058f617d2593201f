// Suppression comments: our own `# pyward: ignore[PW101]`, Bandit's `# nosec` / `# nosec B301`
// and Ruff's `# noqa` / `# noqa: S301`. A comment suppresses findings that start or end on
// its line; a code list narrows it to those rules (matched by our ID, Bandit ID or Ruff code).
// Our own comments that suppress nothing are reported, so they cannot hide a future finding.
import type { Node } from 'web-tree-sitter';
import { type Finding, markProjectSuppressed } from './finding';
import { safeFix, type Fix } from './fixer';
import { lineEndAt, lineStartAt } from './lines';
import type { RuleRegistry } from './registry';
import type { RuleMeta } from './rule';
import { secretAllowlisted } from './line-suppression';
import { banditIdByName } from './bandit-checks';
import { LineLexer } from './line-lexer';

/** The rule that reports our own suppression comments that suppress nothing. */
export const UNUSED_SUPPRESSION = 'PW001';

interface Code {
  code: string;
  start: number;
  end: number;
}

export interface Directive {
  tool: 'pyward' | 'nosec' | 'noqa';
  /** The directive's text range, from its `#`. */
  start: number;
  end: number;
  /** Undefined: every rule. */
  codes: Code[] | undefined;
}

const DIRECTIVE = /#\s*(?:(pyward:\s*ignore)(?:\[([^\]]*)\])?|(nosec)\b:?((?:[\s,]*[A-Za-z_][\w]*)*)|(noqa)\b(?::((?:[\s,]*[A-Za-z]+\d+)+))?)/gi;

/** What every directive starts with (`DIRECTIVE` without its lists). */
const MAY_HOLD_DIRECTIVE = /#\s*(?:pyward:\s*ignore|nosec|noqa)/i;

/** The directives in a comment whose text starts at `offset`. */
export function parseDirectives(comment: string, offset = 0): Directive[] {
  const found: Directive[] = [];
  DIRECTIVE.lastIndex = 0;
  for (let match = DIRECTIVE.exec(comment); match; match = DIRECTIVE.exec(comment)) {
    const tool = match[1] ? 'pyward' : match[3] ? 'nosec' : 'noqa';
    const list = match[1] ? match[2] : match[3] ? match[4] : match[6];
    const codes: Code[] = [];
    if (list) {
      const listStart = offset + match.index + match[0].lastIndexOf(list);
      for (const code of list.matchAll(/[A-Za-z_]\w*/g)) {
        // Bandit also takes a check's name (`# nosec: md5`) and ignores words that name no check.
        const byName = tool === 'nosec' ? banditIdByName(code[0]) : undefined;
        const named = byName ?? (/^[A-Za-z]+\d+$/.test(code[0]) ? code[0] : undefined);
        if (named) codes.push({ code: named.toUpperCase(), start: listStart + code.index!, end: listStart + code.index! + code[0].length });
      }
    }
    found.push({ tool, start: offset + match.index, end: offset + match.index + match[0].length, codes: codes.length > 0 ? codes : undefined });
  }
  return found;
}

/** The codes a comment may name a rule by (upper case): its ID and its Bandit and Ruff codes. */
export function suppressionCodes(ruleId: string, meta: RuleMeta | undefined): string[] {
  return [ruleId, meta?.bandit, meta?.ruff, ...(meta?.alsoCovers ?? [])].filter((code): code is string => !!code).map((code) => code.toUpperCase());
}

export interface SuppressionOptions {
  /** Also report our own directives that suppress nothing (rule PW001, when it is enabled). */
  reportUnused?: boolean;
  /** Give those reports their fixes. */
  withFixes?: boolean;
}

/** How a directive is named to a user whose suppression comment was not applied. */
export function describeDirective(tool: Directive['tool']): string {
  return tool === 'pyward' ? 'a `# pyward: ignore` comment' : tool === 'nosec' ? 'a `# nosec` comment' : 'a `# noqa` comment';
}

export const SECRET_ALLOWLIST = "a secret scanner's allow-list comment";

/**
 * Drops the findings that a suppression comment on their first or last line covers and, when
 * asked, adds a finding for each of our own directives (or codes in them) that covered nothing.
 * When the registry ignores project suppressions, covered findings are kept and marked instead.
 */
export function applySuppressions(
  findings: readonly Finding[],
  text: string,
  /** The text's syntax tree; without it, comments are told from strings by reading the line. */
  root: Node | undefined,
  registry: RuleRegistry,
  options: SuppressionOptions = {},
): Finding[] {
  const byLine = new Map<number, Directive[]>();
  const used = new Set<string>();
  const directivesOnLineOf = (offset: number): Directive[] => {
    const lineStart = lineStartAt(text, offset);
    let cached = byLine.get(lineStart);
    if (!cached) {
      cached = commentDirectives(text, root, lineStart);
      byLine.set(lineStart, cached);
    }
    return cached;
  };
  const suppressedBy = (finding: Finding): string | undefined => {
    const rule = registry.rule(finding.ruleId);
    if (rule?.meta.category === 'secrets' && secretAllowlisted(text, finding)) return SECRET_ALLOWLIST;
    const names = suppressionCodes(finding.ruleId, rule?.meta);
    for (const directive of [...directivesOnLineOf(finding.start), ...directivesOnLineOf(Math.max(finding.start, finding.end - 1))]) {
      if (!directive.codes) {
        used.add(`${directive.start}`);
        return describeDirective(directive.tool);
      }
      const code = directive.codes.find((c) => names.includes(c.code));
      if (code) {
        used.add(`${directive.start}:${code.start}`);
        return describeDirective(directive.tool);
      }
    }
    return undefined;
  };
  const kept = findings.filter((finding) => {
    const how = suppressedBy(finding);
    if (how === undefined) return true;
    if (registry.ignoresProjectSuppressions) markProjectSuppressed(finding, how);
    return registry.ignoresProjectSuppressions;
  });
  if (options.reportUnused && registry.rule(UNUSED_SUPPRESSION)) kept.push(...unusedDirectives(text, root, registry, used, options.withFixes ?? false));
  return kept;
}

/** The directives of the comment on the line starting at `lineStart`, if it has one. */
function commentDirectives(text: string, root: Node | undefined, lineStart: number): Directive[] {
  const line = text.slice(lineStart, lineEndAt(text, lineStart));
  // Most lines hold no directive: known without asking the tree where comments are.
  if (!MAY_HOLD_DIRECTIVE.test(line)) return [];
  if (!root) {
    // Without a tree, the line is read as a line of code (a sink call's is not inside a multi-line string).
    const hash = new LineLexer(line).lex(0, line.length);
    return hash === -1 ? [] : parseDirectives(line.slice(hash), lineStart + hash);
  }
  for (let hash = line.indexOf('#'); hash !== -1; hash = line.indexOf('#', hash + 1)) {
    const node = root.descendantForIndex(lineStart + hash, lineStart + hash + 1);
    if (node?.type === 'comment') return parseDirectives(node.text, node.startIndex);
  }
  return [];
}

function unusedDirectives(text: string, root: Node | undefined, registry: RuleRegistry, used: Set<string>, withFixes: boolean): Finding[] {
  const reports: Finding[] = [];
  const seenLines = new Set<number>();
  // `yward:` then the `p`: V8 searches a large text for the 7-character needle about ten times slower.
  for (let at = text.indexOf('yward:', 1); at !== -1; at = text.indexOf('yward:', at + 6)) {
    if (text.charCodeAt(at - 1) !== 0x70 /* p */) continue;
    const lineStart = lineStartAt(text, at);
    if (seenLines.has(lineStart)) continue;
    seenLines.add(lineStart);
    for (const directive of commentDirectives(text, root, lineStart)) {
      if (directive.tool !== 'pyward') continue;
      if (!directive.codes) {
        if (!used.has(`${directive.start}`)) reports.push(unused(directive.start, directive.end, 'This `# pyward: ignore` suppresses nothing on its line; remove it before it hides a future finding.', removeDirective(text, directive), withFixes));
        continue;
      }
      const idle = directive.codes.filter((code) => !used.has(`${directive.start}:${code.start}`));
      for (const code of idle) {
        const known = registry.rules.some((rule) => suppressionCodes(rule.meta.id, rule.meta).includes(code.code));
        const message = known
          ? `Nothing on this line is reported as ${code.code}; remove the code before it hides a future finding.`
          : `${code.code} is not a rule that runs here (unknown, or turned off), so suppressing it does nothing.`;
        const fix = idle.length === directive.codes.length ? removeDirective(text, directive) : removeCode(text, directive, code);
        reports.push(unused(code.start, code.end, message, fix, withFixes));
      }
    }
  }
  return reports;
}

function unused(start: number, end: number, message: string, fix: Fix, withFixes: boolean): Finding {
  const finding: Finding = { ruleId: UNUSED_SUPPRESSION, start, end, message, severity: 'low', confidence: 'high' };
  if (withFixes) finding.fixes = [fix];
  return finding;
}

/** Removes the whole directive, and the spaces before it when it ends the line. */
function removeDirective(text: string, directive: Directive): Fix {
  let start = directive.start;
  let end = directive.end;
  const rest = text.slice(end, lineEndAt(text, end));
  if (rest.trim() === '') {
    end += rest.length;
    while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  }
  return safeFix('Remove the unused suppression', { start, end, newText: '' });
}

/** Removes one code from the directive's list, with its separating comma. */
function removeCode(text: string, directive: Directive, code: Code): Fix {
  const codes = directive.codes!;
  const index = codes.indexOf(code);
  const start = index === 0 ? code.start : codes[index - 1].end;
  const end = index === 0 ? codes[1].start : code.end;
  return safeFix(`Remove ${code.code} from the suppression`, { start, end, newText: '' });
}

