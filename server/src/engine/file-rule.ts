// Rules over whole files that are not Python source: dependency manifests, workflow files and
// configuration that may hold secrets. They share metadata (and so documentation, profiles,
// enable/disable and severity settings) with the Python rules; what differs is how they run:
// once per file, on its text, rather than on indexed syntax sites.
import type { Tree } from 'web-tree-sitter';
import type { FileKind } from './file-kind';
import type { GrammarName } from './grammars';
import type { Fix } from './fixer';
import type { ProjectContext } from './project';
import type { FileContext, Level, Rule, RuleMeta } from './rule';

export interface FileReportOptions {
  /** What is wrong, why it is dangerous and what to do, in one or two sentences. */
  message: string;
  severity?: Level;
  confidence?: Level;
  /** Markdown shown on hover above the rule's documentation: what the message has no room for. */
  details?: string;
  /** Builds the fixes; only called when fixes are wanted (code actions, CLI JSON). */
  fix?: () => Fix[];
}

export interface FileRuleContext {
  /** The file's whole text, as the editor has it (unsaved changes included). */
  readonly text: string;
  readonly kind: FileKind;
  readonly file: FileContext;
  /** The project the file belongs to: its other files, environment and manifests. */
  readonly project: ProjectContext;
  /**
   * A value computed once per file and analysis, shared by every rule that asks with the same
   * key: a parsed manifest or YAML tree, say. Keys are module-qualified ("manifest", "yaml").
   */
  memo<T>(key: string, compute: () => T): T;
  /** The file parsed with a grammar, once per analysis, shared by the rules; freed by the engine. */
  syntax(grammar: GrammarName): Tree;
  /** Reports a finding on the text range [start, end) (UTF-16 offsets). */
  report(start: number, end: number, options: FileReportOptions): void;
}

export interface FileRule {
  readonly meta: RuleMeta;
  /** The kinds of file the rule reads. */
  readonly kinds: readonly FileKind[];
  check(context: FileRuleContext): void | Promise<void>;
  /** As `Rule.prepare`: loads shipped data once per process, before the first check. */
  readonly prepare?: () => void | Promise<void>;
}

export function defineFileRule(rule: FileRule): FileRule {
  return rule;
}

/**
 * Any rule Pyward ships: a Python rule, a rule over other kinds of file, or both at once (a
 * secret format found in Python strings and in `.env` files alike: one ID, one page of docs).
 */
export type AnyRule = Rule | FileRule | (Rule & FileRule);

export function isFileRule(rule: AnyRule): rule is FileRule {
  return 'kinds' in rule && Array.isArray((rule as FileRule).kinds);
}

/** Whether the rule runs on Python source: it has triggers, or the engine reports for it. */
export function isPythonRule(rule: AnyRule): rule is Rule {
  const python = rule as Rule;
  return !!(
    python.calls?.length ||
    python.methods?.length ||
    python.keywords?.length ||
    python.references?.length ||
    python.attributes?.length ||
    python.nodes?.length ||
    python.tokens?.length ||
    python.reportedByEngine
  );
}
