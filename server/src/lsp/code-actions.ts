// Quick fixes for Pyward's diagnostics: the rule's own fixes, computed on demand against the
// current text, and "suppress on this line" for every finding.
import { type CodeAction, CodeActionKind, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { PythonDocument } from '../engine/document';
import type { Fix } from '../engine/fixer';
import { SOURCE, rangeOf } from './diagnostics';

export function codeActionsFor(document: PythonDocument, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const ours = diagnostics.filter((d) => d.source === SOURCE && typeof d.code === 'string');
  if (ours.length === 0) return [];
  const textDocument = document.textDocument;
  const actions: CodeAction[] = [];
  for (const diagnostic of ours) {
    const start = textDocument.offsetAt(diagnostic.range.start);
    const end = textDocument.offsetAt(diagnostic.range.end);
    const matching = document
      .findingsWithFixes({ start, end })
      .filter((f) => f.ruleId === diagnostic.code && f.start === start && f.end === end);
    for (const finding of matching.slice(0, 1)) {
      for (const fix of finding.fixes ?? []) actions.push(fixAction(fix, diagnostic, textDocument));
    }
    actions.push(suppressAction(diagnostic, textDocument, document));
  }
  return actions;
}

function fixAction(fix: Fix, diagnostic: Diagnostic, document: TextDocument): CodeAction {
  const edits: TextEdit[] = fix.edits.map((edit) => ({ range: rangeOf(document, edit.start, edit.end), newText: edit.newText }));
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.preferred ?? false,
    edit: { changes: { [document.uri]: edits } },
  };
}

const OWN_DIRECTIVE = /#\s*pyward:\s*ignore\[([^\]]*)\]/;

/** Writes `# pyward: ignore[ID]` at the end of the finding's line, or adds ID to one already there. */
function suppressAction(diagnostic: Diagnostic, document: TextDocument, pythonDocument: PythonDocument): CodeAction {
  const ruleId = String(diagnostic.code);
  const text = document.getText();
  const line = suppressionLine(diagnostic, pythonDocument);
  const lineStart = document.offsetAt({ line, character: 0 });
  const lineEnd = lineEndOffset(text, lineStart);
  const lineText = text.slice(lineStart, lineEnd);
  let edit: TextEdit;
  const existing = OWN_DIRECTIVE.exec(lineText);
  if (existing) {
    const listStart = lineStart + existing.index + existing[0].indexOf('[') + 1;
    const listEnd = listStart + existing[1].length;
    const codes = existing[1].split(',').map((c) => c.trim()).filter(Boolean);
    edit = { range: rangeOf(document, listStart, listEnd), newText: [...codes, ruleId].join(', ') };
  } else {
    const trimmedEnd = lineStart + lineText.replace(/\s+$/, '').length;
    edit = { range: rangeOf(document, trimmedEnd, lineEnd), newText: `  # pyward: ignore[${ruleId}]` };
  }
  return {
    title: `Suppress ${ruleId} on this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [document.uri]: [edit] } },
  };
}

/**
 * The finding's first line, unless that line ends inside a string (a triple-quoted literal
 * spanning lines), where a comment cannot go: then its last line.
 */
function suppressionLine(diagnostic: Diagnostic, document: PythonDocument): number {
  const first = diagnostic.range.start.line;
  if (first === diagnostic.range.end.line) return first;
  const text = document.text;
  const textDocument = document.textDocument;
  const lineEnd = lineEndOffset(text, textDocument.offsetAt({ line: first, character: 0 }));
  return document.isInsideString(lineEnd) ? diagnostic.range.end.line : first;
}

function lineEndOffset(text: string, lineStart: number): number {
  const newline = text.indexOf('\n', lineStart);
  const end = newline === -1 ? text.length : newline;
  return end > lineStart && text[end - 1] === '\r' ? end - 1 : end;
}

