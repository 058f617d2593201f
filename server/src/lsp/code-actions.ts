// Quick fixes for Pyward's diagnostics: the rule's own fixes, computed on demand against the
// current text, and "suppress on this line" for every finding (not in an untrusted workspace,
// where suppression comments are not applied: the comment would do nothing).
import { type CodeAction, CodeActionKind, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { PythonDocument } from '../engine/document';
import type { Finding } from '../engine/finding';
import type { Fix } from '../engine/fixer';
import { differenceEdit, fixAll, preferredFix } from '../engine/fix-all';
import { SOURCE, rangeOf } from './diagnostics';

/** What code actions need of an open document, Python or not. */
export interface FixSource {
  document: TextDocument;
  /** The findings (with fixes) in a range of the current text. */
  findingsWithFixes(range: { start: number; end: number }): Finding[] | Promise<Finding[]>;
  /** The line a suppression comment for this diagnostic goes on; undefined when the format has no comments. */
  suppressionLine(diagnostic: Diagnostic): number | undefined;
  /** The current text of another file a fix edits (the editor's, if open). */
  readText(path: string): string | undefined;
  /** The findings, with fixes, of another text of this document: "fix all" analyses what it made. */
  findingsOf(text: string): Promise<readonly Finding[]>;
}

/** The kind of "Fix all": VS Code runs it on save with `"editor.codeActionsOnSave": { "source.fixAll": "explicit" }`. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.pyward`;

/** Whether a request limited to `only` kinds wants ours ("source", "source.fixAll" or ours). */
export function wantsFixAll(only: readonly string[] | undefined): boolean {
  return only !== undefined && only.some((kind) => FIX_ALL_KIND === kind || FIX_ALL_KIND.startsWith(`${kind}.`));
}

/** "Fix all": every finding's preferred safe fix in the document, as one edit; undefined when there is none. */
export async function fixAllAction(source: FixSource): Promise<CodeAction | undefined> {
  const document = source.document;
  const result = await fixAll(document.getText(), (text) => source.findingsOf(text));
  const edit = differenceEdit(document.getText(), result.text);
  if (!edit) return undefined;
  return {
    title: `Fix all Pyward problems with safe fixes (${result.applied})`,
    kind: FIX_ALL_KIND,
    edit: { changes: { [document.uri]: [{ range: rangeOf(document, edit.start, edit.end), newText: edit.newText }] } },
  };
}

/** "Fix all `RULE` problems in this file", when the rule has more than one finding a safe fix resolves. */
async function fixAllOfRuleAction(source: FixSource, diagnostic: Diagnostic, ruleId: string): Promise<CodeAction | undefined> {
  const document = source.document;
  const result = await fixAll(document.getText(), (text) => source.findingsOf(text), { ruleId });
  const edit = differenceEdit(document.getText(), result.text);
  if (!edit || result.applied < 2) return undefined;
  return {
    title: `Fix all ${ruleId} problems in this file (${result.applied})`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [document.uri]: [{ range: rangeOf(document, edit.start, edit.end), newText: edit.newText }] } },
  };
}

export function pythonFixSource(document: PythonDocument, readText: (path: string) => string | undefined): FixSource {
  return {
    document: document.textDocument,
    findingsWithFixes: (range) => document.findingsWithFixes(range),
    suppressionLine: (diagnostic) => suppressionLine(diagnostic, document),
    readText,
    findingsOf: (text) => document.findingsWithFixesOf(text),
  };
}

export interface CodeActionOptions {
  /** Whether "suppress on this line" is offered: not when suppression comments are ignored. */
  offerSuppression: boolean;
}

export async function codeActionsFor(source: FixSource, diagnostics: readonly Diagnostic[], options: CodeActionOptions): Promise<CodeAction[]> {
  const ours = diagnostics.filter((d) => d.source === SOURCE && typeof d.code === 'string');
  if (ours.length === 0) return [];
  const textDocument = source.document;
  const actions: CodeAction[] = [];
  for (const diagnostic of ours) {
    const start = textDocument.offsetAt(diagnostic.range.start);
    const end = textDocument.offsetAt(diagnostic.range.end);
    const matching = (await source.findingsWithFixes({ start, end })).filter((f) => f.ruleId === diagnostic.code && f.start === start && f.end === end);
    for (const finding of matching.slice(0, 1)) {
      for (const fix of finding.fixes ?? []) actions.push(fixAction(fix, diagnostic, textDocument, source));
      // Worth offering only where this finding has a safe fix and others of its rule may too.
      const sameRule = ours.filter((d) => d.code === diagnostic.code).length;
      if (preferredFix(finding) && (sameRule > 1 || (await source.findingsOf(textDocument.getText())).filter((f) => f.ruleId === finding.ruleId).length > 1)) {
        const all = await fixAllOfRuleAction(source, diagnostic, finding.ruleId);
        if (all) actions.push(all);
      }
    }
    const line = options.offerSuppression ? source.suppressionLine(diagnostic) : undefined;
    if (line !== undefined) actions.push(suppressAction(diagnostic, textDocument, line));
  }
  return actions;
}

function fixAction(fix: Fix, diagnostic: Diagnostic, document: TextDocument, source: FixSource): CodeAction {
  const edits: TextEdit[] = fix.edits.map((edit) => ({ range: rangeOf(document, edit.start, edit.end), newText: edit.newText }));
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.preferred ?? false,
    edit: fix.otherFiles?.length ? workspaceEdit(document, edits, fix, source) : { changes: { [document.uri]: edits } },
  };
}

/** A fix that also edits other files: document changes, creating the files that do not exist. */
function workspaceEdit(document: TextDocument, edits: TextEdit[], fix: Fix, source: FixSource): WorkspaceEdit {
  const documentChanges: NonNullable<WorkspaceEdit['documentChanges']> = [{ textDocument: { uri: document.uri, version: document.version }, edits }];
  for (const other of fix.otherFiles ?? []) {
    const uri = URI.file(other.path).toString();
    const text = other.create ? '' : (source.readText(other.path) ?? '');
    if (other.create) documentChanges.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
    const target = TextDocument.create(uri, 'plaintext', 0, text);
    documentChanges.push({
      textDocument: { uri, version: null },
      edits: other.edits.map((edit) => ({ range: rangeOf(target, edit.start, edit.end), newText: edit.newText })),
    });
  }
  return { documentChanges };
}

/** The suppression line of a non-Python file with `#` comments: the finding's first line. */
export function firstLine(diagnostic: Diagnostic): number {
  return diagnostic.range.start.line;
}

const OWN_DIRECTIVE = /#\s*pyward:\s*ignore\[([^\]]*)\]/;

/** Writes `# pyward: ignore[ID]` at the end of the line, or adds ID to one already there. */
function suppressAction(diagnostic: Diagnostic, document: TextDocument, line: number): CodeAction {
  const ruleId = String(diagnostic.code);
  const text = document.getText();
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

