// Hover on a finding: the rule's documentation (what it finds, why it matters, the flagged
// and the safe form, links), so the user need not leave the editor to understand a squiggle.
import type { Diagnostic, Hover, Position } from 'vscode-languageserver';
import { MarkupKind } from 'vscode-languageserver';
import type { RuleRegistry } from '../engine/registry';
import { type RuleMeta, ruleDocsUrl } from '../engine/rule';
import { SOURCE } from './diagnostics';

/** The hover for `position`: the documentation of every rule with a Pyward diagnostic there. */
export function hoverAt(diagnostics: readonly Diagnostic[], position: Position, registry: RuleRegistry): Hover | null {
  const here = diagnostics.filter((d) => d.source === SOURCE && covers(d, position));
  const ids = [...new Set(here.map((d) => String(d.code)))];
  const sections = ids.flatMap((id) => {
    const meta = registry.rule(id)?.meta;
    // A finding may be more (or less) severe than the rule's default: say what this one is.
    const data = here.find((d) => String(d.code) === id)?.data as { severity?: string; details?: string } | undefined;
    // The finding's own details (the advisories behind it) come first, then the rule's docs.
    return meta ? [data?.details ? `${data.details}\n\n${ruleHoverMarkdown(meta, data.severity)}` : ruleHoverMarkdown(meta, data?.severity)] : [];
  });
  if (sections.length === 0) return null;
  const first = here[0];
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: first.range };
}

/** A rule's documentation, short enough for a hover. */
export function ruleHoverMarkdown(meta: RuleMeta, severity: string = meta.severity): string {
  const fence = '```' + (meta.docs.language ?? 'python');
  const references = meta.docs.references.map((link) => `[${linkLabel(link)}](${link})`);
  return [
    `**${meta.id}: ${meta.title}** · ${severity} severity · CWE-${meta.cwe}`,
    '',
    meta.docs.what,
    '',
    `**Why it matters:** ${meta.docs.why}`,
    '',
    'Flagged:',
    fence,
    meta.docs.example,
    '```',
    'Safe:',
    fence,
    meta.docs.safe,
    '```',
    '',
    [`[Rule documentation](${ruleDocsUrl(meta)})`, ...references].join(' · '),
    '',
    `Suppress on a line with \`# pyward: ignore[${meta.id}]\`.`,
  ].join('\n');
}

function linkLabel(link: string): string {
  const cwe = /cwe\.mitre\.org\/data\/definitions\/(\d+)\.html/.exec(link);
  if (cwe) return `CWE-${cwe[1]}`;
  try {
    return new URL(link).hostname.replace(/^www\./, '');
  } catch {
    return link;
  }
}

function covers(diagnostic: Diagnostic, position: Position): boolean {
  const { start, end } = diagnostic.range;
  const afterStart = position.line > start.line || (position.line === start.line && position.character >= start.character);
  const beforeEnd = position.line < end.line || (position.line === end.line && position.character <= end.character);
  return afterStart && beforeEnd;
}
