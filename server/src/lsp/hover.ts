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
    const diagnostic = here.find((d) => String(d.code) === id);
    const severity = (diagnostic?.data as { severity?: string } | undefined)?.severity;
    const flow = diagnostic?.relatedInformation?.length ? [flowMarkdown(diagnostic)] : [];
    return meta ? [...flow, ruleHoverMarkdown(meta, severity)] : [];
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

/** A traced finding's path, source first: where the value came from and each step to the sink. */
function flowMarkdown(diagnostic: Diagnostic): string {
  const steps = diagnostic.relatedInformation!.map((info, index) => {
    const file = decodeURIComponent(info.location.uri.slice(info.location.uri.lastIndexOf('/') + 1));
    return `${index + 1}. ${file}:${info.location.range.start.line + 1} — ${info.message}`;
  });
  return ['**Data flow** (untrusted input to this call):', '', ...steps].join('\n');
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
