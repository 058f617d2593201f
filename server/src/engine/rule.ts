// What a rule is: metadata and documentation first, behaviour second.
import type { Node } from 'web-tree-sitter';
import type { Applicability, Fixer, Fix } from './fixer';
import type { ProjectContext } from './project';
import type { FlowConfig } from './flow/config';
import type { SemanticModel } from './semantic/model';
import type { CallSite, Reference, TokenSite } from './sites';

export type Level = 'low' | 'medium' | 'high';

export type Category =
  | 'deserialization'
  | 'code-execution'
  | 'shell-injection'
  | 'sql-injection'
  | 'transport'
  | 'cryptography'
  | 'xml'
  | 'web'
  | 'filesystem'
  | 'secrets'
  | 'imports'
  /** Dependencies: manifests, lock files and the imports they satisfy (PWD rules). */
  | 'supply-chain'
  /** CI pipelines: GitHub Actions workflows (PWA rules). */
  | 'ci'
  | 'other';

/**
 * `recommended` rules run by default; `strict` ones only when the user asks for everything
 * (they are noisy: `assert`, imports of risky modules, every subprocess call).
 */
export type Profile = 'recommended' | 'strict';

export interface RuleDocs {
  /** What the rule finds, one or two sentences. */
  what: string;
  /** Why it is dangerous: the attack it enables. */
  why: string;
  /** A short example that the rule flags (Python unless `language` says otherwise). */
  example: string;
  /** The language of `example` and `safe`, for highlighting: 'python' when absent. */
  language?: 'python' | 'requirements' | 'toml' | 'yaml' | 'ini' | 'dotenv' | 'json' | 'text';
  /** The same code written safely. */
  safe: string;
  /** Links: CWE, the library's own documentation, advisories. */
  references: readonly string[];
}

export interface RuleMeta {
  /**
   * Stable identifier, never reused: "PW101". Code rules are PW and three digits; other
   * families add a letter: PWS (secrets), PWD (dependencies), PWA (GitHub Actions).
   */
  id: string;
  /** Short kebab-case name: "pickle-deserialization". */
  name: string;
  /** A title for people: "Deserialization with pickle". */
  title: string;
  category: Category;
  severity: Level;
  confidence: Level;
  cwe: number;
  /** Equivalent Bandit check, "B301", where one exists. */
  bandit?: string;
  /** Equivalent Ruff rule, "S301", where one exists. */
  ruff?: string;
  /**
   * Further Bandit/Ruff codes this rule also covers ("B504", "S504"): they appear in the
   * documentation's parity table and suppress it in `# nosec` / `# noqa` comments.
   */
  alsoCovers?: readonly string[];
  /** Whether the rule offers at least one fix that rewrites code (suppression does not count). */
  fixable: boolean;
  /**
   * The applicability of the fixes a fixable rule offers: `['safe']`, `['unsafe']` or both
   * (`Fix.applicability`). Shown in the docs; a test checks the fixes offered on the fixtures.
   */
  fixApplicability?: readonly Applicability[];
  /** The least profile the rule runs in; absent means `recommended`. */
  profile?: Profile;
  /**
   * Off in test files (`tests/`, `test_*.py`, `*_test.py`, `conftest.py`) unless configured
   * otherwise: for what is normal there, like `assert`, test passwords and `/tmp`.
   */
  offInTests?: boolean;
  docs: RuleDocs;
}

export interface ReportOptions {
  /** What is wrong, why it is dangerous and what to do, in one or two sentences. */
  message: string;
  /** Overrides the rule's default severity for this finding (e.g. a non-literal command). */
  severity?: Level;
  confidence?: Level;
  /** Markdown shown on hover above the rule's documentation: what the message has no room for. */
  details?: string;
  /** Builds the fixes; only called when fixes are wanted (code actions, CLI JSON). */
  fix?: (fixer: Fixer) => Fix[];
}

/** What is known about the file being analysed. */
export interface FileContext {
  /** Workspace-relative or absolute path, with forward slashes; undefined for unsaved files. */
  path?: string;
  /**
   * The path inside the folder of the project's pyproject.toml, else inside the innermost
   * workspace (or audited) folder, else the file's name: what path conventions (`tests/`,
   * `docs/`, `settings/`) are read from, so that the folders above the workspace never count.
   * Absent where the file was given without a workspace (tests): `path` then.
   */
  localPath?: string;
  /** A test module (by its local path). */
  isTest: boolean;
  /**
   * The lowest Python version the project supports, from `requires-python`
   * (`[3, 12]` for ">=3.12"); undefined when unknown. Fixes that need a newer Python than
   * this are not offered.
   */
  minimumPython?: readonly [number, number];
  /**
   * The project the file belongs to: its manifests, environment and other files. Absent for
   * unsaved files and in tests that need none; rules then know only the file.
   */
  project?: ProjectContext;
  /** The project's data-flow settings (`[tool.pyward]` sources, sinks, sanitizers). */
  flow?: FlowConfig;
}

export const UNKNOWN_FILE: FileContext = { isTest: false };

/** The path that path conventions (`tests/`, `docs/`, `settings/`) are read from: `localPath`, else `path`; '' for an unsaved file. */
export function conventionPath(file: FileContext): string {
  return file.localPath ?? file.path ?? '';
}

export interface RuleContext {
  readonly model: SemanticModel;
  readonly file: FileContext;
  /** Reports a finding on `node` (its whole range). */
  report(node: Node, options: ReportOptions): void;
  /** Reports a finding on a text range inside the file (part of a string, say). */
  reportRange(start: number, end: number, options: ReportOptions): void;
  /**
   * Says the check read the text from `start` to `end`, beyond its statement (a private key's
   * block, which broken code can split into many statements): an edit there re-checks the site,
   * whatever it found. For reads measured in characters; `Rule.reads` names the syntactic ones.
   */
  readText(start: number, end: number): void;
}

/**
 * What a rule's checks may read beyond the statement of their site (see `Rule.reads`):
 * - `enclosing`: the statements around the site, up to the top-level statement holding it
 *   (`try: import x` / `except ImportError:`, `if TYPE_CHECKING:`, a decorator's function);
 * - `function`: the innermost `def` around the site, header and body (the whole module for a
 *   site outside any `def`): a local's other uses, the function's `return`s;
 * - `module`: any statement of the file: other assignments to a settings name, a helper
 *   function defined elsewhere;
 * - `project`: the project's facts (manifests, environment, first-party modules).
 */
export type Reach = 'enclosing' | 'function' | 'module' | 'project';

/**
 * The triggers say which sites a rule wants to see, so that one traversal of the tree serves
 * every rule. Qualified names are dotted ("pickle.loads", "builtins.eval"); a `*` segment
 * matches any one name and `**` any run of names ("transformers.**.from_pretrained").
 */
export interface Rule {
  readonly meta: RuleMeta;
  /** Calls whose callee resolves to one of these qualified names. */
  readonly calls?: readonly string[];
  /** Calls of a method with one of these names, whatever the receiver (`cursor.execute`). */
  readonly methods?: readonly string[];
  /** Calls that pass one of these keyword arguments, whatever the callee. */
  readonly keywords?: readonly string[];
  /** References (not only calls) to these qualified names, e.g. "ssl.CERT_NONE". */
  readonly references?: readonly string[];
  /** Attribute expressions `x.NAME` with one of these names, whatever `x` is (`ctx.check_hostname`). */
  readonly attributes?: readonly string[];
  /**
   * Syntax nodes of these tree-sitter-python types (`assert_statement`, `except_clause`).
   * Keep them small: a site is re-analysed whenever an edit touches it, so a rule on `module`
   * or `function_definition` would re-read the whole file or function on every keystroke.
   */
  readonly nodes?: readonly string[];
  /** Places in the text, in code, strings or comments, where one of these substrings occurs. */
  readonly tokens?: readonly string[];
  /**
   * What the checks read beyond their site's statement, so that incremental analysis re-checks
   * the site when that changes: a site any of whose rules declares `enclosing` is analysed again
   * after an edit inside its top-level statement, `function` inside its `def`, `module` after any
   * edit of the file, `project` when the project's facts change. Absent: the statement alone, and what the semantic model looked up
   * (names whose binding changes re-check the site without a declaration). Keep the reach as
   * narrow as the checks allow: sites with a reach are kept (and re-checked) even without findings.
   */
  readonly reads?: readonly Reach[];
  checkCall?(call: CallSite, context: RuleContext): void;
  checkReference?(reference: Reference, context: RuleContext): void;
  /** Receives the `attribute` node (`ctx.check_hostname`); its parent tells how it is used. */
  checkAttribute?(attribute: Node, context: RuleContext): void;
  /**
   * Loads what the rule needs before its first check (shipped data, indexes), once per
   * process, so that cost is not paid inside a check, where the slow-rule guard times it.
   */
  readonly prepare?: () => void | Promise<void>;
  /** True for rules whose findings the engine makes itself (unused suppressions), not a check. */
  readonly reportedByEngine?: boolean;
  checkNode?(node: Node, context: RuleContext): void;
  checkToken?(token: TokenSite, context: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

/** Where a rule's documentation lives; generated from the rule's metadata by `npm run docs`. */
export const RULE_DOCS_BASE = 'https://github.com/pyward-dev/pyward/blob/main/docs/rules/';

export function ruleDocsUrl(meta: RuleMeta): string {
  return `${RULE_DOCS_BASE}${meta.id}.md`;
}
