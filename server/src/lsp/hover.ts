// Hover on a finding. The editor already shows the diagnostic's message above the hover; the
// hover adds the rule's name and title, one line on why it matters, and "More…", which opens the
// rule's full documentation (what it finds, the flagged and the safe form, links).
import type { Diagnostic, Hover, Position } from 'vscode-languageserver';
import { MarkupKind } from 'vscode-languageserver';
import type { RuleRegistry } from '../engine/registry';
import { type RuleMeta, ruleDocsUrl } from '../engine/rule';
import { firstSentence } from '../report/common';
import { type DiagnosticData, SOURCE } from './diagnostics';

/** The client command that opens a rule's full documentation (VS Code's "Pyward: Show Rule Documentation"). */
export const SHOW_RULE_DOCUMENTATION = 'pyward.showRuleDocumentation';

export interface HoverOptions {
  /** The client runs `command:` links (VS Code with Pyward's client): "More…" opens the docs in the editor. */
  commandLinks?: boolean;
}

/** The hover for `position`: a short section for every rule with a Pyward diagnostic there. */
export function hoverAt(diagnostics: readonly Diagnostic[], position: Position, registry: RuleRegistry, options: HoverOptions = {}): Hover | null {
  const here = diagnostics.filter((d) => d.source === SOURCE && covers(d, position));
  const ids = [...new Set(here.map((d) => String(d.code)))];
  const sections = ids.flatMap((id) => {
    const meta = registry.rule(id)?.meta;
    // A finding may be more (or less) severe than the rule's default: say what this one is.
    const diagnostic = here.find((d) => String(d.code) === id);
    const data = diagnostic?.data as Partial<DiagnosticData> | undefined;
    // The finding's own details (the advisories behind it, a traced value's path) come first, then the rule's.
    const own = [...(data?.details ? [data.details] : []), ...(diagnostic?.relatedInformation?.length ? [flowMarkdown(diagnostic)] : [])];
    return meta ? [[...own, ruleHoverMarkdown(meta, data, options)].join('\n\n')] : [];
  });
  if (sections.length === 0) return null;
  const first = here[0];
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: first.range };
}

/** A finding's hover: the rule's name and title, why it matters in one sentence, and "More…". */
export function ruleHoverMarkdown(meta: RuleMeta, finding: Partial<DiagnosticData> = {}, options: HoverOptions = {}): string {
  const severity = finding.severity ?? meta.severity;
  const confidence = finding.confidence ?? meta.confidence;
  const more = options.commandLinks
    ? `command:${SHOW_RULE_DOCUMENTATION}?${encodeURIComponent(JSON.stringify([meta.id]))}`
    : ruleDocsUrl(meta);
  const lines = [
    `**${meta.name}** (${meta.id}): ${meta.title}`,
    '',
    `${firstSentence(meta.docs.why)} [More…](${more} "The rule's full documentation")`,
    '',
    `*${severity} severity, ${confidence} confidence · CWE-${meta.cwe} · suppress with \`# pyward: ignore[${meta.id}]\`*`,
  ];
  if (finding.projectSuppression !== undefined) {
    lines.push('', `**This repository's configuration suppresses this finding** (${finding.projectSuppression}). The workspace is not trusted, so Pyward shows it anyway.`);
  }
  return lines.join('\n');
}

/** A rule's full documentation: what it finds, why, the flagged and the safe forms, links. */
export function ruleDocumentationMarkdown(meta: RuleMeta): string {
  const fence = '```' + (meta.docs.language ?? 'python');
  const references = meta.docs.references.map((link) => `[${linkLabel(link)}](${link})`);
  return [
    `**${meta.name}** (${meta.id}) · ${meta.severity} severity · CWE-${meta.cwe}`,
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
