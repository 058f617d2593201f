// Indexes rules by what triggers them, so that one pass over a file serves every rule.
import type { FileKind } from './file-kind';
import { type AnyRule, type FileRule, isFileRule, isPythonRule } from './file-rule';
import { loadGrammars } from './grammars';
import { type Finding, levelRank } from './finding';
import type { Level, Reach, Rule, RuleMeta } from './rule';

const NO_RULES: readonly Rule[] = [];
/** Qualified names whose rules are remembered (a generated file cannot grow the memo without end). */
const MAX_REMEMBERED_NAMES = 50_000;

/** A rule's `reads` as bits, so that a site can hold the union of its rules' reach in one number. */
export const REACH: Readonly<Record<Reach, number>> = { enclosing: 1, function: 2, module: 4, project: 8 };

/**
 * What a repository's own configuration would silence in one file, when project suppressions
 * are ignored (`ignoreProjectSuppressions`). The registry then runs the silenced rules anyway and
 * marks their findings; suppression comments are marked instead of applied (suppression.ts).
 */
export interface ProjectSuppressions {
  /** Set when the project excludes the file: how (every finding is marked with it). */
  file?: string;
  /** Rule ID → how the project switches the rule off. */
  rules: ReadonlyMap<string, string>;
  /** Rule ID → the project's severity for it: applied when it raises, reported when it lowers. */
  severity: ReadonlyMap<string, { level: Level; how: string }>;
}

interface Pattern {
  regex: RegExp;
  rule: Rule;
}

export class RuleRegistry {
  private readonly exactCalls = new Map<string, Rule[]>();
  private readonly patternCalls: Pattern[] = [];
  private readonly methods = new Map<string, Rule[]>();
  private readonly keywords = new Map<string, Rule[]>();
  private readonly exactReferences = new Map<string, Rule[]>();
  private readonly patternReferences: Pattern[] = [];
  private readonly attributes = new Map<string, Rule[]>();
  private readonly nodes = new Map<string, Rule[]>();
  private readonly tokens = new Map<string, Rule[]>();
  private readonly byId = new Map<string, AnyRule>();
  private readonly byKind = new Map<FileKind, FileRule[]>();
  private readonly reach = new Map<Rule, number>();
  private prepared: Promise<void> | undefined;
  /** The Python rules (the ones indexed by trigger). */
  readonly pythonRules: readonly Rule[];
  private readonly keywordList: readonly string[];
  /**
   * Last segments of referenced names and watched attribute names: a region of text without
   * any of them has no reference or attribute sites.
   */
  readonly referenceTokens: readonly string[];

  /**
   * @param severity replaces the severity of every finding of a rule (by rule ID), as the
   * user configured it.
   */
  constructor(
    readonly rules: readonly AnyRule[],
    readonly severity: ReadonlyMap<string, Level> = new Map(),
    /** Present when the repository's suppressions are ignored (reported, marked, instead). */
    readonly projectSuppressions?: ProjectSuppressions,
  ) {
    const tokens = new Set<string>();
    const pythonRules: Rule[] = [];
    for (const rule of rules) {
      if (this.byId.has(rule.meta.id)) throw new Error(`duplicate rule id ${rule.meta.id}`);
      this.byId.set(rule.meta.id, rule);
      if (isFileRule(rule)) for (const kind of rule.kinds) push(this.byKind, kind, rule);
      if (!isPythonRule(rule)) continue;
      pythonRules.push(rule);
      const reach = (rule.reads ?? []).reduce((bits, read) => bits | REACH[read], 0);
      if (reach !== 0) this.reach.set(rule, reach);
      for (const name of rule.calls ?? []) index(name, rule, this.exactCalls, this.patternCalls);
      for (const name of rule.methods ?? []) push(this.methods, name, rule);
      for (const name of rule.keywords ?? []) push(this.keywords, name, rule);
      for (const name of rule.attributes ?? []) {
        push(this.attributes, name, rule);
        tokens.add(name);
      }
      for (const type of rule.nodes ?? []) push(this.nodes, type, rule);
      for (const token of rule.tokens ?? []) push(this.tokens, token, rule);
      for (const name of rule.references ?? []) {
        index(name, rule, this.exactReferences, this.patternReferences);
        tokens.add(name.slice(name.lastIndexOf('.') + 1));
      }
    }
    this.pythonRules = pythonRules;
    this.referenceTokens = [...tokens];
    this.keywordList = [...this.keywords.keys()];
  }

  /**
   * Runs every rule's `prepare` (once per process, whichever registry asks first) and loads
   * the grammars file rules parse with. Analysis entry points await it before analysing.
   */
  prepare(): Promise<void> {
    this.prepared ??= Promise.all([loadGrammars(), ...this.rules.map((rule) => prepareOnce(rule.prepare))]).then(() => undefined);
    return this.prepared;
  }

  /** The severity the user's or the project's configuration sets for a rule, if any. */
  configuredSeverity(ruleId: string): Level | undefined {
    return this.severity.get(ruleId);
  }

  /** A finding of a rule, with the user's severity for that rule (which wins) or the report's own. */
  finding(meta: RuleMeta, start: number, end: number, report: { message: string; severity?: Level; confidence?: Level; details?: string }): Finding {
    const finding: Finding = {
      ruleId: meta.id,
      start,
      end,
      message: report.message,
      severity: this.severity.get(meta.id) ?? report.severity ?? meta.severity,
      confidence: report.confidence ?? meta.confidence,
      ...(report.details ? { details: report.details } : {}),
    };
    if (this.projectSuppressions) markSilencedByProject(finding, this.projectSuppressions);
    return finding;
  }

  /** Whether suppression comments and the project's configuration are reported instead of applied. */
  get ignoresProjectSuppressions(): boolean {
    return this.projectSuppressions !== undefined;
  }

  /** What a rule reads beyond its site's statement, as REACH bits (0: the statement alone). */
  reachOf(rule: Rule): number {
    return this.reach.get(rule) ?? 0;
  }

  rule(id: string): AnyRule | undefined {
    return this.byId.get(id);
  }

  /** The file rules that read files of this kind. */
  forKind(kind: FileKind): readonly FileRule[] {
    return this.byKind.get(kind) ?? [];
  }

  /** Keyword names some rule is triggered by: a call whose text has none of them has none. */
  get keywordTokens(): readonly string[] {
    return this.keywordList;
  }

  /** Rules interested in a call, from its resolved name, its method name and its keywords. */
  forCall(qualifiedName: string | undefined, methodName: string | undefined, keywordNames: readonly string[]): readonly Rule[] {
    const byName = qualifiedName !== undefined ? this.callRulesByName(qualifiedName) : NO_RULES;
    const byMethod = methodName !== undefined ? (this.methods.get(methodName) ?? NO_RULES) : NO_RULES;
    // Most calls trigger nothing: no set, no array.
    if (keywordNames.length === 0 && (byMethod.length === 0 || byName.length === 0)) return byName.length > 0 ? byName : byMethod;
    const found = new Set<Rule>([...byName, ...byMethod]);
    for (const keyword of keywordNames) for (const rule of this.keywords.get(keyword) ?? []) found.add(rule);
    return [...found];
  }

  /** The rules a qualified name triggers, exactly or by pattern; remembered per name (calls repeat names). */
  private callRulesByName(qualifiedName: string): readonly Rule[] {
    let rules = this.callRulesCache.get(qualifiedName);
    if (!rules) {
      const found = new Set<Rule>(this.exactCalls.get(qualifiedName) ?? []);
      for (const { regex, rule } of this.patternCalls) if (regex.test(qualifiedName)) found.add(rule);
      rules = found.size > 0 ? [...found] : NO_RULES;
      if (this.callRulesCache.size >= MAX_REMEMBERED_NAMES) this.callRulesCache.clear();
      this.callRulesCache.set(qualifiedName, rules);
    }
    return rules;
  }
  private readonly callRulesCache = new Map<string, readonly Rule[]>();

  forAttribute(name: string): readonly Rule[] {
    return this.attributes.get(name) ?? [];
  }

  /** Node types some rule inspects. */
  get nodeTypes(): readonly string[] {
    return [...this.nodes.keys()];
  }

  forNode(type: string): readonly Rule[] {
    return this.nodes.get(type) ?? [];
  }

  /** Text tokens some rule inspects (one array: the text scan compiles its matcher once per array). */
  get textTokens(): readonly string[] {
    this.tokenList ??= [...this.tokens.keys()];
    return this.tokenList;
  }
  private tokenList: readonly string[] | undefined;

  forToken(token: string): readonly Rule[] {
    return this.tokens.get(token) ?? [];
  }

  forReference(qualifiedName: string): Rule[] {
    const found = new Set<Rule>(this.exactReferences.get(qualifiedName) ?? []);
    for (const { regex, rule } of this.patternReferences) if (regex.test(qualifiedName)) found.add(rule);
    return [...found];
  }
}

/** Marks what the project's configuration would hide; a severity the project raises is applied. */
function markSilencedByProject(finding: Finding, project: ProjectSuppressions): void {
  const severity = project.severity.get(finding.ruleId);
  if (severity && levelRank(severity.level) > levelRank(finding.severity)) finding.severity = severity.level;
  const lowered = severity && levelRank(severity.level) < levelRank(finding.severity) ? severity.how : undefined;
  const how = project.file ?? project.rules.get(finding.ruleId) ?? lowered;
  if (how) finding.projectSuppression = how;
}

const preparations = new Map<() => void | Promise<void>, Promise<void>>();

function prepareOnce(prepare: (() => void | Promise<void>) | undefined): Promise<void> {
  if (!prepare) return Promise.resolve();
  let done = preparations.get(prepare);
  if (!done) {
    // A failing preparation is not fatal: the rule meets the same problem in its check, where it is reported.
    done = (async () => prepare())().catch(() => undefined);
    preparations.set(prepare, done);
  }
  return done;
}

function index(name: string, rule: Rule, exact: Map<string, Rule[]>, patterns: Pattern[]): void {
  if (!name.includes('*')) {
    push(exact, name, rule);
    return;
  }
  const source = name
    .split('.')
    .map((segment) => (segment === '**' ? '.+' : segment === '*' ? '[^.]+' : segment.replace(/[\\^$+?()[\]{}|]/g, '\\$&')))
    .join('\\.');
  patterns.push({ regex: new RegExp(`^${source}$`), rule });
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
