// Analysis of one Python file, kept up to date incrementally.
//
// The file's state is two sorted lists with offsets: the bindings (what each name means) and
// the sites (calls and references that rules inspected, each with its findings, the names it
// depended on and what its rules read beyond its statement). An edit shifts both lists,
// re-collects bindings and re-analyses sites only in the edited region, and re-analyses
// elsewhere only the sites that depend on a name whose meaning the edit changed or that read
// (by their rules' `reads`) what the edit touched. Work is proportional to the edit, not to the file.
import type { Node, Tree } from 'web-tree-sitter';
import type { Language } from './tree-sitter';
import { BINDING_NODE_TYPES, type Binding, bindingsOf } from './semantic/bindings';
import { MODULE_SCOPE, SCOPE_NODE_TYPES, ScopeIndex, type ScopeRecord, scopeRecordOf } from './semantic/scopes';
import { ANY_IMPORT, SemanticModel } from './semantic/model';
import { BindingTable } from './semantic/binding-table';
import { type Finding, compareFindings } from './finding';
import { Fixer } from './fixer';
import type { AnyRule } from './file-rule';
import { lineEndAt, linePoints, lineStartAt, type PointAt } from './lines';
import { phaseClock } from './phases';
import { factClock } from './project';
import { REACH, type RuleRegistry } from './registry';
import { type FileContext, type ReportOptions, type Rule, type RuleContext, UNKNOWN_FILE } from './rule';
import { CallSite, type TokenSite } from './sites';
import { shiftOffset, touchesAny, writtenSpans } from './edit-spans';
import { forEachOccurrence as forEachTokenOccurrence } from './token-occurrences';
import type { PythonLanguage } from './python';

/** Longer than any reference token, so a token straddling a span's edge is still found. */
const MAX_TOKEN_LENGTH = 64;
/** Longer than the dotted prefix of any real reference (`ssl.` of `ssl.PROTOCOL_TLSv1`). */
const MAX_REFERENCE_PREFIX = 512;

export interface Span {
  start: number;
  end: number;
}

/** One text change, in offsets: [start, oldEnd) of the old text became [start, newEnd). */
export interface EditSpan {
  start: number;
  oldEnd: number;
  newEnd: number;
}

export interface AnalysisOptions {
  /** The file being analysed: its path, whether it is a test, the project's Python. */
  file?: FileContext;
  /**
   * Called when a rule throws (it is skipped for that site) or is too slow (it is skipped for
   * the rest of the file's life); analysis goes on either way.
   */
  onRuleError?: (rule: AnyRule, error: unknown) => void;
  /** How long one rule may take on one site before it is switched off for this file. */
  slowRuleMs?: number;
  /**
   * Whether the data-flow analysis runs (default true): the benchmark's `--no-flow` sets it to
   * false, to measure the audit without it. Read by the per-file passes after the rules.
   */
  flow?: boolean;
}

/** Far above any real rule (they take microseconds), low enough that typing stays fluid. */
const DEFAULT_SLOW_RULE_MS = 250;

interface Site {
  kind: 'call' | 'reference' | 'node' | 'token';
  start: number;
  end: number;
  /** The node type of a `node` site, the token of a `token` site. */
  detail: string | undefined;
  dependencies: string[];
  findings: Finding[];
  /** The union of the REACH bits of the rules that checked the site (`Rule.reads`). */
  reach: number;
  /**
   * The text the site's rules read beyond the site: the lines of its findings (an edit there,
   * say to the name a secret is assigned to, analyses the site again) and, for a `function`
   * reach, the whole `def`. Recorded for sites with findings or a reach.
   */
  reads: Span | undefined;
  /** Analysed again after every edit: a `module` reach, or a `function` reach outside any `def`. */
  readsModule: boolean;
  /** The text its checks said they read (`RuleContext.readText`); part of `reads`. */
  textRead: Span | undefined;
}

type StartRole = 'scope' | 'binding' | 'call' | 'node';

/**
 * The node types analysis starts from for a rule set, and what each is for (a `def` is a scope
 * and a binding): one walk of the tree inside the runtime (`descendantsOfType`) finds them all,
 * cheaper than matching a query with a pattern per type.
 */
export class StartingNodeTypes {
  readonly all: readonly string[];
  readonly scopes: readonly string[] = SCOPE_NODE_TYPES;
  /** What scopes and bindings start from (`FileAnalysis.analyzeNames`). */
  readonly names: readonly string[] = [...new Set([...SCOPE_NODE_TYPES, ...BINDING_NODE_TYPES])];
  readonly roles = new Map<string, StartRole[]>();
  /**
   * Types that name a keyword too (the `lambda` of a lambda): the runtime's walk finds both,
   * and only the syntax node is meant.
   */
  readonly alsoKeywords = new Set<string>();

  constructor(language: Language, ruleNodeTypes: readonly string[]) {
    const add = (types: readonly string[], role: StartRole) => {
      for (const type of types) {
        const roles = this.roles.get(type) ?? [];
        if (!roles.includes(role)) roles.push(role);
        this.roles.set(type, roles);
      }
    };
    add(SCOPE_NODE_TYPES, 'scope');
    add(BINDING_NODE_TYPES, 'binding');
    add(['call'], 'call');
    add(ruleNodeTypes, 'node');
    this.all = [...this.roles.keys()];
    for (const type of this.all) if (language.idForNodeType(type, false)) this.alsoKeywords.add(type);
  }
}

/** The nodes of one span that analysis starts from. */
interface SpanNodes {
  span: Span;
  scopes: Node[];
  bindings: Node[];
  calls: Node[];
  /** Nodes of the types rules ask for. */
  nodes: Node[];
}

export class FileAnalysis {
  private bindings = new BindingTable();
  private scopeRecords: ScopeRecord[] = [];
  private scopes = new ScopeIndex([]);
  private sites: Site[] = [];
  /** Rules switched off for this file because they were too slow. */
  private readonly tooSlow = new Set<Rule>();

  private readonly startTypes: StartingNodeTypes;
  /** One context, re-aimed at each rule in turn: a check runs thousands of times per file. */
  private readonly context: RuleRun;
  /** Where watched keyword names occur in the regions being analysed. */
  private keywordHits: Positions = Positions.EVERYWHERE;
  /** The REACH bits of the rules run on the site being analysed. */
  private siteReach = 0;
  /** Sites outside the edited region that the last update analysed again (what `readsEdit` chose). */
  keptSitesAnalysedAgain = 0;

  constructor(
    private readonly registry: RuleRegistry,
    python: PythonLanguage,
    private readonly options: AnalysisOptions = {},
  ) {
    this.startTypes = python.startingNodeTypes(registry);
    this.context = new RuleRun(registry, options.file ?? UNKNOWN_FILE);
  }

  /** The findings of the last analysis, in document order. */
  get findings(): Finding[] {
    const all: Finding[] = [];
    for (const site of this.sites) all.push(...site.findings);
    return dedupeFindings(all.sort(compareFindings));
  }

  /** Analyses the whole file from scratch. */
  analyzeAll(tree: Tree, text: string): void {
    this.keptSitesAnalysedAgain = 0;
    const root = tree.rootNode;
    const whole = this.nodesIn(root, text, [{ start: 0, end: text.length }], linePoints(text));
    this.indexNames(whole);
    const model = new SemanticModel(root, this.bindings, this.scopes);
    this.sites = this.analyzeSites(root, text, model, whole, false);
  }

  /**
   * The file's scopes and bindings only, no rule run: what another file's data flow needs of
   * this one (`flow/project-flow.ts`). Its sites stay empty.
   */
  analyzeNames(tree: Tree, text: string): void {
    this.indexNames(this.nodesIn(tree.rootNode, text, [{ start: 0, end: text.length }], linePoints(text), this.startTypes.names));
    this.sites = [];
  }

  /** The whole file's scopes and bindings, from its starting nodes. */
  private indexNames(whole: readonly SpanNodes[]): void {
    this.scopeRecords = collectScopes(whole);
    this.scopes = new ScopeIndex(this.scopeRecords);
    this.bindings = new BindingTable(this.collectBindings(whole));
  }

  /**
   * Brings the analysis up to date with `tree`, the incremental re-parse after `edits` (in the
   * order they were applied); `changed` are the ranges whose syntax changed (from
   * `Tree.getChangedRanges`), in the new text's offsets.
   */
  update(tree: Tree, text: string, edits: readonly EditSpan[], changed: readonly Span[], pointAt: PointAt = linePoints(text)): void {
    const root = tree.rootNode;
    const staleBindings = new Set<Binding>();
    const staleSites = new Set<Site>();
    const staleScopes = new Set<ScopeRecord>();
    for (const edit of edits) {
      for (const scope of this.scopeRecords) if (shiftScope(scope, edit)) staleScopes.add(scope);
      this.bindings.forEach((binding) => {
        if (shiftRecord(binding, edit)) staleBindings.add(binding);
      });
      for (const site of this.sites) if (shiftSite(site, edit)) staleSites.add(site);
    }
    let dirty = writtenSpans(edits);
    // A statement whose end moved back to where a changed range starts (`x = "a" ""` once the rest
    // of its line stops continuing it) changed too, though none of its own tokens did.
    for (const range of changed) dirty.push(range.start > 0 ? { start: range.start - 1, end: range.end } : range);
    dirty = this.widenToScopes(root, text, mergeSpans(dirty.map((span) => enclosingStatement(root, span))), pointAt);
    let dirtyNodes: SpanNodes[];
    let freshScopes: ScopeRecord[];
    let freshStarts: Set<number>;
    // A scope the edit removed (a `def` swallowed by a syntax error) leaves the names bound in its
    // body, beyond the edited region, pointing at it: its whole range is analysed again.
    for (let round = 0; ; round++) {
      dirtyNodes = this.nodesIn(root, text, dirty, pointAt);
      freshScopes = collectScopes(dirtyNodes);
      freshStarts = new Set(freshScopes.map((scope) => scope.start));
      const removed = this.scopeRecords.filter((scope) => (staleScopes.has(scope) || touchesAny(scope, dirty)) && !freshStarts.has(scope.start));
      const uncovered = removed.filter((scope) => !dirty.some((span) => span.start <= scope.start && span.end >= scope.end));
      if (uncovered.length === 0 || round === 3) break;
      dirty = mergeSpans([...dirty, ...uncovered.map((scope) => ({ start: scope.start, end: Math.min(scope.end, text.length) }))]);
    }
    const scopesBefore = this.scopeRecords;
    this.scopeRecords = this.scopeRecords
      .filter((scope) => !staleScopes.has(scope) && !touchesAny(scope, dirty) && !freshStarts.has(scope.start))
      .concat(freshScopes);
    this.scopes = new ScopeIndex(this.scopeRecords);

    this.bindings.forEach((binding) => {
      for (const span of dirty) {
        if (bindingTouches(binding, span)) {
          staleBindings.add(binding);
          break;
        }
      }
    });
    for (const binding of staleBindings) this.bindings.remove(binding);
    const fresh = this.collectBindings(dirtyNodes);
    for (const binding of fresh) this.bindings.add(binding);
    const changedNames = namesWithNewMeaning([...staleBindings], fresh, [scopesBefore, this.scopeRecords]);
    const model = new SemanticModel(root, this.bindings, this.scopes);

    const edited = this.editedRegions(root, dirty);
    const reanalysed: Site[] = [];
    this.keptSitesAnalysedAgain = 0;
    const unchanged: Site[] = [];
    for (const site of this.sites) {
      if (staleSites.has(site) || touchesAny(site, dirty)) continue;
      if (readsEdit(site, dirty, edited, changedNames)) {
        this.keptSitesAnalysedAgain++;
        const again = this.reanalyse(root, text, model, site);
        if (again) reanalysed.push(again);
      } else {
        unchanged.push(site);
      }
    }
    const discovered = this.analyzeSites(root, text, model, dirtyNodes, false);
    // Discovered sites replace any old site with the same range (a re-analysed site can lie in a
    // dirty span too). Unchanged sites stay sorted; the others are few: merged in, not re-sorted.
    const replaced = new Set(discovered.map(siteKey));
    const others = [...reanalysed.filter((site) => !replaced.has(siteKey(site))), ...discovered].sort(bySiteStart);
    this.sites = mergeSorted(unchanged, others, bySiteStart);
  }

  /**
   * Analyses again the sites whose rules read something of this kind beyond the file
   * (`REACH.project`: the project's facts changed). The tree and text are unchanged.
   */
  refreshReaching(tree: Tree, text: string, reach: number): void {
    const model = new SemanticModel(tree.rootNode, this.bindings, this.scopes);
    const sites: Site[] = [];
    for (const site of this.sites) {
      if ((site.reach & reach) === 0) sites.push(site);
      else {
        const again = this.reanalyse(tree.rootNode, text, model, site);
        if (again) sites.push(again);
      }
    }
    this.sites = sites;
  }

  /**
   * The `def`s and top-level statements holding the edits, as they are now: a line added at the
   * end of a function was outside its old range, yet the function's `function`-reach sites read it.
   */
  private editedRegions(root: Node, dirty: readonly Span[]): EditedRegions {
    const definitions: Span[] = [];
    const statements: Span[] = [];
    for (const span of dirty) {
      const definition = this.scopes.definitionAt(span.start);
      if (definition) definitions.push(definition);
      const statement = topLevelStatement(root, span.start);
      if (statement) statements.push(statement);
    }
    return { definitions, statements };
  }

  /** The scopes (functions, classes, lambdas, comprehensions) of the last analysis, as ranges. */
  get scopeRanges(): readonly ScopeRecord[] {
    return this.scopeRecords;
  }

  /** The semantic model of the last analysis, for questions about `tree` (hover, tests). */
  model(tree: Tree): SemanticModel {
    return new SemanticModel(tree.rootNode, this.bindings, this.scopes);
  }

  /**
   * Findings with their fixes, for the sites that touch `span` and the sites whose findings do:
   * computed on demand. A finding can lie outside its site (`app.secret_key = "…"` is found at
   * the attribute and reported on the string), and a code action asks by the finding's range.
   */
  findingsWithFixes(tree: Tree, text: string, span: Span): Finding[] {
    const root = tree.rootNode;
    const model = new SemanticModel(root, this.bindings, this.scopes);
    const reporting = this.sites.filter((site) => site.findings.some((f) => f.start <= span.end && f.end >= span.start)).map((site) => ({ start: site.start, end: site.end }));
    const spans = mergeSpans([span, ...reporting]);
    return dedupeFindings(this.analyzeSites(root, text, model, this.nodesIn(root, text, spans, linePoints(text)), true).flatMap((site) => site.findings).sort(compareFindings));
  }

  private nodesIn(root: Node, text: string, spans: readonly Span[], pointAt: PointAt, types = this.startTypes.all): SpanNodes[] {
    const started = phaseClock.enabled ? performance.now() : 0;
    const found = spans.map((span) => {
      const nodes: SpanNodes = { span, scopes: [], bindings: [], calls: [], nodes: [] };
      for (const node of nodesTouching(this.startTypes, types, root, text, span, pointAt)) {
        for (const role of this.startTypes.roles.get(node.type) ?? []) {
          if (role === 'call') nodes.calls.push(node);
          else if (role === 'binding') nodes.bindings.push(node);
          else if (role === 'node') nodes.nodes.push(node);
          else nodes.scopes.push(node);
        }
      }
      return nodes;
    });
    if (phaseClock.enabled) phaseClock.add('query', performance.now() - started);
    return found;
  }

  private collectBindings(spans: readonly SpanNodes[]): Binding[] {
    const found: Binding[] = [];
    const seen = new Set<string>();
    for (const { span, bindings } of spans) {
      const collected: Binding[] = [];
      for (const node of bindings) bindingsOf(node, this.scopes, collected);
      for (const binding of collected) {
        const key = `${binding.start}:${binding.name}:${binding.kind}`;
        if (seen.has(key) || !bindingTouches(binding, span)) continue;
        seen.add(key);
        found.push(binding);
      }
    }
    return found;
  }

  /** A scope whose header was edited changes the meaning of its whole body: analyse all of it. */
  private widenToScopes(root: Node, text: string, spans: Span[], pointAt: PointAt): Span[] {
    const widened = [...spans];
    for (const span of spans) {
      for (const node of nodesTouching(this.startTypes, this.startTypes.scopes, root, text, span, pointAt)) {
        if (node.startIndex >= span.start && node.startIndex <= span.end) widened.push({ start: node.startIndex, end: node.endIndex });
      }
    }
    return mergeSpans(widened);
  }

  private analyzeSites(root: Node, text: string, model: SemanticModel, spans: readonly SpanNodes[], wantFixes: boolean): Site[] {
    const sites: Site[] = [];
    const seen = new Set<string>();
    const fixer = wantFixes ? new Fixer(text, root) : undefined;
    // The keyword prefilter must cover every call analysed here, including enclosing calls that
    // reach far beyond the edit.
    const regions = spans.map(({ span, calls }) => {
      let start = span.start;
      let end = span.end;
      for (const call of calls) {
        start = Math.min(start, call.startIndex);
        end = Math.max(end, call.endIndex);
      }
      return { start, end };
    });
    this.keywordHits = Positions.inSpans(text, regions, this.registry.keywordTokens);
    // Regions can overlap (a call reaching past its span): with one region, every site is met once.
    const single = spans.length === 1;
    const once = (key: string) => {
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    for (const { span, calls, nodes } of spans) {
      for (const node of calls) {
        if (!touches(node, span) || (!single && !once(`call:${node.startIndex}:${node.endIndex}`))) continue;
        sites.push(this.analyzeCall(node, model, fixer));
      }
      for (const node of nodes) {
        if (!touches(node, span) || (!single && !once(`node:${node.type}:${node.startIndex}:${node.endIndex}`))) continue;
        sites.push(this.analyzeNode(node, model, fixer));
      }
      for (const { token, start, node } of this.tokensIn(root, text, span)) {
        if (!single && !once(`token:${token}:${start}`)) continue;
        sites.push(this.analyzeToken({ token, start, node }, model, fixer));
      }
      for (const node of this.referencesIn(root, text, span)) {
        if (!single && !once(`reference:${node.startIndex}:${node.endIndex}`)) continue;
        sites.push(this.analyzeReference(node, model, fixer));
      }
    }
    // A site without findings, dependencies or reach cannot change unless an edit touches it,
    // and then it is found again: only the others need a record (and shifting on every edit).
    return sites
      .filter((site) => site.findings.length > 0 || site.dependencies.length > 0 || site.reach !== 0 || site.textRead)
      .map((site) => this.withReads(root, text, site))
      .sort(bySiteStart);
  }

  private reanalyse(root: Node, text: string, model: SemanticModel, site: Site): Site | undefined {
    // Few sites are re-analysed: read their keywords without the text prefilter.
    this.keywordHits = Positions.EVERYWHERE;
    const again = this.analyseAgain(root, model, site);
    return again && this.withReads(root, text, again);
  }

  /**
   * Records what a site read beyond itself: the whole lines of the site and its findings (the
   * statement they sit in, in practice), and the `def` of a `function` reach. From the text and
   * the scope index, not the tree: `Node.parent` walks from the root, and a file can have
   * thousands of findings.
   */
  private withReads(root: Node, text: string, site: Site): Site {
    if (site.findings.length === 0 && site.reach === 0 && !site.textRead) return site;
    let start = Math.max(0, Math.min(site.start, site.textRead?.start ?? site.start));
    let end = Math.min(text.length, Math.max(site.end, site.textRead?.end ?? site.end));
    for (const finding of site.findings) {
      start = Math.min(start, finding.start);
      end = Math.max(end, finding.end);
    }
    if (site.reach & REACH.function) {
      const definition = this.scopes.definitionAt(site.start);
      if (definition) {
        start = Math.min(start, definition.start);
        end = Math.max(end, definition.end);
      } else {
        site.readsModule = true;
      }
    }
    if (site.reach & REACH.module) site.readsModule = true;
    if (site.reach & REACH.enclosing) {
      const statement = topLevelStatement(root, site.start);
      if (statement) {
        start = Math.min(start, statement.start);
        end = Math.max(end, statement.end);
      }
    }
    site.reads = { start: lineStartAt(text, start), end: lineEndAt(text, end) };
    return site;
  }

  private analyseAgain(root: Node, model: SemanticModel, site: Site): Site | undefined {
    if (site.kind === 'token') {
      const node = root.namedDescendantForIndex(site.start, site.end);
      return node ? this.analyzeToken({ token: site.detail!, start: site.start, node }, model, undefined) : undefined;
    }
    const node = model.nodeAt(site.start, site.end, site.kind === 'node' ? site.detail : site.kind === 'call' ? 'call' : undefined);
    if (!node) return undefined;
    if (site.kind === 'call') return this.analyzeCall(node, model, undefined);
    if (site.kind === 'node') return this.analyzeNode(node, model, undefined);
    return this.analyzeReference(node, model, undefined);
  }

  private startSite(model: SemanticModel): void {
    model.startTracking();
    this.siteReach = 0;
    this.context.takeTextRead();
  }

  private endSite(kind: Site['kind'], start: number, end: number, detail: string | undefined, model: SemanticModel, findings: Finding[]): Site {
    // Every site has every field, in one order: the update visits thousands per keystroke, and
    // sites of one shape keep those property reads monomorphic.
    return { kind, start, end, detail, dependencies: model.stopTracking(), findings, reach: this.siteReach, reads: undefined, readsModule: false, textRead: this.context.takeTextRead() };
  }

  private analyzeNode(node: Node, model: SemanticModel, fixer: Fixer | undefined): Site {
    this.startSite(model);
    const findings: Finding[] = [];
    for (const rule of this.registry.forNode(node.type)) {
      if (!rule.checkNode) continue;
      this.runRule(rule, findings, model, fixer, (context) => rule.checkNode!(node, context));
    }
    return this.endSite('node', node.startIndex, node.endIndex, node.type, model, findings);
  }

  private analyzeToken(token: TokenSite, model: SemanticModel, fixer: Fixer | undefined): Site {
    this.startSite(model);
    const findings: Finding[] = [];
    for (const rule of this.registry.forToken(token.token)) {
      if (!rule.checkToken) continue;
      this.runRule(rule, findings, model, fixer, (context) => rule.checkToken!(token, context));
    }
    const end = token.start + token.token.length;
    return this.endSite('token', token.start, end, token.token, model, findings);
  }

  /** Occurrences of the rules' text tokens touching `span`, with the node holding each. */
  private tokensIn(root: Node, text: string, span: Span): TokenSite[] {
    const found: TokenSite[] = [];
    forEachOccurrence(text, span, this.registry.textTokens, (token, start) => {
      const node = root.namedDescendantForIndex(start, start + token.length);
      if (node) found.push({ token, start, node });
    });
    return found;
  }


  private analyzeCall(node: Node, model: SemanticModel, fixer: Fixer | undefined): Site {
    this.startSite(model);
    const findings: Finding[] = [];
    const callee = node.childForFieldName('function');
    const qualifiedName = callee ? model.resolve(callee) : undefined;
    const methodName = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.type === 'identifier' ? callee.text : undefined;
    // Reading a call's keywords crosses into WebAssembly; only calls whose argument list holds
    // a watched keyword's text pay for it (a binary search, not a copy of the call's text,
    // which would be quadratic in nested calls).
    const keywords = this.keywordHits.some(node.startIndex, node.endIndex) ? keywordNames(node) : [];
    const rules = this.registry.forCall(qualifiedName, methodName, keywords);
    if (rules.length > 0) {
      const site = new CallSite(node, qualifiedName);
      for (const rule of rules) {
        if (!rule.checkCall) continue;
        this.runRule(rule, findings, model, fixer, (context) => rule.checkCall!(site, context));
      }
    }
    return this.endSite('call', node.startIndex, node.endIndex, undefined, model, findings);
  }

  /** A reference to a qualified name, or a watched attribute: one site, both kinds of rule. */
  private analyzeReference(node: Node, model: SemanticModel, fixer: Fixer | undefined): Site {
    this.startSite(model);
    const findings: Finding[] = [];
    const qualifiedName = model.resolve(node);
    if (qualifiedName !== undefined) {
      for (const rule of this.registry.forReference(qualifiedName)) {
        if (!rule.checkReference) continue;
        this.runRule(rule, findings, model, fixer, (context) => rule.checkReference!({ node, qualifiedName }, context));
      }
    }
    if (node.type === 'attribute') {
      const name = node.childForFieldName('attribute')?.text;
      for (const rule of name ? this.registry.forAttribute(name) : []) {
        if (!rule.checkAttribute) continue;
        this.runRule(rule, findings, model, fixer, (context) => rule.checkAttribute!(node, context));
      }
    }
    return this.endSite('reference', node.startIndex, node.endIndex, undefined, model, findings);
  }

  private runRule(rule: Rule, findings: Finding[], model: SemanticModel, fixer: Fixer | undefined, check: (context: RuleContext) => void): void {
    if (this.tooSlow.has(rule)) return;
    this.siteReach |= this.registry.reachOf(rule);
    const limit = this.options.slowRuleMs ?? DEFAULT_SLOW_RULE_MS;
    const elapsed = this.timedCheck(rule, findings, model, fixer, check);
    // Timed again before blaming the rule: a pause of the thread (garbage collection, a machine
    // busy with other work) is not the rule's doing, and rarely strikes twice in a row.
    if (elapsed > limit) {
      const again = this.timedCheck(rule, [], model, undefined, check, false);
      if (again > limit) {
        this.tooSlow.add(rule);
        this.options.onRuleError?.(rule, new Error(`took ${Math.round(Math.min(elapsed, again))} ms on one call; switched off for this file`));
      }
    }
  }

  /** Runs one check; returns the milliseconds it took, less the time spent computing project facts. */
  private timedCheck(rule: Rule, findings: Finding[], model: SemanticModel, fixer: Fixer | undefined, check: (context: RuleContext) => void, reportErrors = true): number {
    const context = this.context;
    context.begin(rule, findings, model, fixer);
    const before = findings.length;
    const started = performance.now();
    const factsBefore = factClock.ms;
    try {
      check(context);
    } catch (error) {
      findings.length = before;
      if (reportErrors) this.options.onRuleError?.(rule, error);
    }
    const elapsed = performance.now() - started - (factClock.ms - factsBefore);
    if (phaseClock.enabled) phaseClock.add(`rules:${rule.meta.category}`, elapsed);
    return elapsed;
  }

  /** Identifiers and attribute chains in `span` that end in a referenced name's last segment or a watched attribute name. */
  private referencesIn(root: Node, text: string, span: Span): Node[] {
    const found: Node[] = [];
    // A reference ends in its token (`ssl.PROTOCOL_TLSv1`): one starting in the span may have its
    // token past the span's end, and an edit there drops its site, which must be found again.
    const reach = { start: span.start, end: Math.min(text.length, span.end + MAX_REFERENCE_PREFIX) };
    forEachOccurrence(text, reach, this.registry.referenceTokens, (token, at) => {
      const end = at + token.length;
      if (isWordChar(text.charCodeAt(at - 1)) || isWordChar(text.charCodeAt(end))) return;
      const node = root.namedDescendantForIndex(at, end);
      if (!node || node.type !== 'identifier' || node.startIndex !== at || node.endIndex !== end) return;
      const reference = referenceExpression(node);
      if (reference && touches(reference, span)) found.push(reference);
    });
    return found;
  }

}

/** Sorted offsets of some tokens in a text, to ask "is one between these offsets?" quickly. */
class Positions {
  /** Answers yes to every range. */
  static readonly EVERYWHERE: Positions = new Positions([], true);

  constructor(
    private readonly offsets: readonly number[],
    private readonly everywhere = false,
  ) {}

  /** The tokens' offsets within the spans (touching them). */
  static inSpans(text: string, spans: readonly Span[], tokens: readonly string[]): Positions {
    const offsets: number[] = [];
    for (const span of spans) forEachOccurrence(text, span, tokens, (_, at) => offsets.push(at));
    return new Positions(offsets.sort((a, b) => a - b));
  }

  some(start: number, end: number): boolean {
    if (this.everywhere) return true;
    let low = 0;
    let high = this.offsets.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.offsets[middle] < start) low = middle + 1;
      else high = middle;
    }
    return low < this.offsets.length && this.offsets[low] < end;
  }
}

/** The context a rule's check receives; `report` turns what it says into a finding. */
class RuleRun implements RuleContext {
  model!: SemanticModel;
  private rule!: Rule;
  private findings!: Finding[];
  private fixer: Fixer | undefined;
  /** The text the checks of the current site said they read (`readText`), if any. */
  private textRead: Span | undefined;

  constructor(
    private readonly registry: RuleRegistry,
    readonly file: FileContext,
  ) {}

  begin(rule: Rule, findings: Finding[], model: SemanticModel, fixer: Fixer | undefined): void {
    this.rule = rule;
    this.findings = findings;
    this.model = model;
    this.fixer = fixer;
  }

  readonly report = (node: Node, options: ReportOptions): void => this.reportRange(node.startIndex, node.endIndex, options);

  readonly reportRange = (start: number, end: number, options: ReportOptions): void => {
    const finding = this.registry.finding(this.rule.meta, start, end, options);
    if (this.fixer) finding.fixes = options.fix ? options.fix(this.fixer) : [];
    this.findings.push(finding);
  };

  readonly readText = (start: number, end: number): void => {
    this.textRead = this.textRead ? cover(this.textRead, start, end) : { start, end };
  };

  /** What the site's checks said they read since the last call, and starts afresh. */
  takeTextRead(): Span | undefined {
    const read = this.textRead;
    this.textRead = undefined;
    return read;
  }
}

interface EditedRegions {
  /** The `def`s holding edits. */
  definitions: Span[];
  /** The top-level statements holding edits. */
  statements: Span[];
}

/**
 * Whether a kept site must be analysed again after an edit: it depends on a name whose meaning
 * changed, or its rules read what the edit touched (its findings' lines, its `def`, its
 * top-level statement, the module). `edited` holds the regions of the edits in the new text.
 */
function readsEdit(site: Site, dirty: readonly Span[], edited: EditedRegions, changedNames: ChangedNames): boolean {
  if (site.readsModule) return true;
  // Spans are shifted alike, so an edit inside `reads` still touches it.
  if (site.reads && touchesAny(site.reads, dirty)) return true;
  if (site.reach & REACH.function && anyHolds(edited.definitions, site)) return true;
  if (site.reach & REACH.enclosing && anyHolds(edited.statements, site)) return true;
  if (changedNames.size === 0) return false;
  for (const name of site.dependencies) {
    if (!changedNames.has(name)) continue;
    const scopes = changedNames.get(name);
    if (scopes === undefined || anyHolds(scopes, site)) return true;
  }
  return false;
}

/** Whether one of the regions holds the span (this runs for every site on every keystroke: no closures). */
function anyHolds(regions: readonly Span[], span: Span): boolean {
  for (const region of regions) if (region.start <= span.start && span.end <= region.end) return true;
  return false;
}

/** `sorted` and `few`, each sorted by `order`, merged as a stable sort of their concatenation would (`sorted` itself when `few` is empty). */
function mergeSorted<T>(sorted: T[], few: readonly T[], order: (a: T, b: T) => number): T[] {
  if (few.length === 0) return sorted;
  const merged: T[] = [];
  let next = 0;
  for (const item of sorted) {
    while (next < few.length && order(few[next], item) < 0) merged.push(few[next++]);
    merged.push(item);
  }
  while (next < few.length) merged.push(few[next++]);
  return merged;
}

/** The top-level statement (a child of the module) holding an offset, if any. */
function topLevelStatement(root: Node, offset: number): Span | undefined {
  const statement = root.firstNamedChildForIndex(offset);
  return statement && statement.startIndex <= offset ? { start: statement.startIndex, end: statement.endIndex } : undefined;
}

/**
 * The span widened to the simple statement holding it (or the header of a compound one): a
 * rule may read the rest of the statement (`user.reset_token = random.choice(chars)` is about
 * a token because of its target), so a site must be re-analysed when its statement changes.
 * In a tree with syntax errors, to the outermost ERROR node holding it as well: what is a
 * statement there is the parser's guess, and a rule's reading of "its statement" may cross it.
 */
function enclosingStatement(root: Node, span: Span): Span {
  // Each end on its own: a span across statements has no smaller node holding it than the module.
  const hasError = root.hasError;
  const first = statementAround(root, span.start, hasError);
  const last = span.end === span.start ? first : statementAround(root, span.end, hasError);
  return cover(cover(span, first.start, first.end), last.start, last.end);
}

function statementAround(root: Node, offset: number, hasError: boolean): Span {
  const at = { start: offset, end: offset };
  let statement: Span | undefined;
  let error: Node | undefined;
  for (let node: Node | null = root.descendantForIndex(offset, offset); node && node.type !== 'module'; node = node.parent) {
    statement ??= statementOf(node, at);
    if (statement && !hasError) return statement;
    if (node.type === 'ERROR') error = node;
  }
  return error ? cover(statement ?? at, error.startIndex, error.endIndex) : (statement ?? at);
}

/** The span widened to `node` when it is a statement (or a comment), the span itself for a block, else undefined. */
function statementOf(node: Node, span: Span): Span | undefined {
  if (node.type === 'block') return span;
  // A comment is not part of any statement; rules may still read all of it.
  if (node.type === 'comment') return cover(span, node.startIndex, node.endIndex);
  if (!node.type.endsWith('_statement') && node.type !== 'decorated_definition' && node.type !== 'function_definition' && node.type !== 'class_definition') return undefined;
  const body = node.childForFieldName('body') ?? node.childForFieldName('consequence');
  // A decorated definition's header includes its decorators (`@mark_safe` names the function).
  const parent = node.type === 'function_definition' || node.type === 'class_definition' ? node.parent : null;
  const start = parent?.type === 'decorated_definition' ? parent.startIndex : node.startIndex;
  return cover(span, start, body && body.startIndex >= span.end ? body.startIndex : node.endIndex);
}

function cover(span: Span, start: number, end: number): Span {
  return { start: Math.min(span.start, start), end: Math.max(span.end, end) };
}

function collectScopes(spans: readonly SpanNodes[]): ScopeRecord[] {
  const found = new Map<number, ScopeRecord>();
  for (const { scopes } of spans) for (const node of scopes) found.set(node.startIndex, scopeRecordOf(node));
  return [...found.values()];
}

/**
 * The nodes of these types touching a span (closed at both ends, so an empty span at a node's
 * edge counts), in document order, an enclosing node before the nodes inside it.
 */
function nodesTouching(startTypes: StartingNodeTypes, types: readonly string[], root: Node, text: string, span: Span, pointAt: PointAt): Node[] {
  const whole = span.start <= 0 && span.end >= text.length;
  // The runtime takes the range as points: one character more on each side makes it closed.
  const found = whole
    ? root.descendantsOfType(types as string[])
    : root.descendantsOfType(types as string[], pointAt(Math.max(0, span.start - 1)), pointAt(Math.min(text.length, span.end + 1)));
  return startTypes.alsoKeywords.size === 0 ? found : found.filter((node) => !startTypes.alsoKeywords.has(node.type) || node.isNamed);
}

function referenceExpression(identifier: Node): Node | undefined {
  const parent = identifier.parent;
  let expression = identifier;
  if (parent?.type === 'attribute') {
    if (parent.childForFieldName('attribute')?.id !== identifier.id) return undefined;
    expression = parent;
  } else if (parent && isBindingTarget(identifier, parent)) {
    // `CERT_NONE = 0`, `def load(...)`, `for loads in ...`: a name being bound, not a use.
    return undefined;
  }
  for (let p = expression.parent; p; p = p.parent) {
    if (p.type === 'import_statement' || p.type === 'import_from_statement') return undefined;
    if (p.type.endsWith('statement') || p.type === 'block') break;
  }
  return expression;
}

/** Whether a bare identifier is the name a statement or parameter list binds. */
function isBindingTarget(identifier: Node, parent: Node): boolean {
  const is = (field: string) => parent.childForFieldName(field)?.id === identifier.id;
  switch (parent.type) {
    case 'assignment':
    case 'augmented_assignment':
    case 'for_statement':
    case 'for_in_clause':
      return is('left');
    case 'function_definition':
    case 'class_definition':
    case 'keyword_argument':
    case 'default_parameter':
    case 'typed_default_parameter':
      return is('name');
    case 'named_expression':
      return is('name');
    case 'parameters':
    case 'lambda_parameters':
    case 'typed_parameter':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
    case 'pattern_list':
    case 'tuple_pattern':
    case 'as_pattern_target':
    case 'global_statement':
    case 'nonlocal_statement':
      return true;
    default:
      return false;
  }
}

function keywordNames(call: Node): string[] {
  const list = call.childForFieldName('arguments');
  if (!list || list.type !== 'argument_list') return [];
  const names: string[] = [];
  for (const child of list.namedChildren) {
    if (child?.type === 'keyword_argument') {
      const name = child.childForFieldName('name');
      if (name) names.push(name.text);
    }
  }
  return names;
}

/** Calls `visit` for each occurrence of a token that touches the span (it may start before it or end after it). */
function forEachOccurrence(text: string, span: Span, tokens: readonly string[], visit: (token: string, start: number) => void): void {
  const from = Math.max(0, span.start - MAX_TOKEN_LENGTH);
  const to = Math.min(text.length, span.end + MAX_TOKEN_LENGTH);
  forEachTokenOccurrence(text, from, to, tokens, (token, start) => {
    if (start + token.length >= span.start && start <= span.end) visit(token, start);
  });
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code > 127;
}

/** Shifts a binding through an edit; true when the edit touched its name or its value. */
function shiftRecord(record: Binding, edit: EditSpan): boolean {
  const touched = bindingTouches(record, { start: edit.start, end: edit.oldEnd });
  record.start = shiftOffset(record.start, edit);
  record.end = shiftOffset(record.end, edit);
  if (record.scope !== undefined && record.scope >= 0) record.scope = shiftOffset(record.scope, edit);
  if (record.valueStart !== undefined) {
    record.valueStart = shiftOffset(record.valueStart, edit);
    record.valueEnd = shiftOffset(record.valueEnd!, edit);
  }
  // What an unpacked, looped or augmented name comes from moves with the text too.
  if (record.sourceStart !== undefined) {
    record.sourceStart = shiftOffset(record.sourceStart, edit);
    record.sourceEnd = shiftOffset(record.sourceEnd!, edit);
  }
  return touched;
}

function shiftScope(scope: ScopeRecord, edit: EditSpan): boolean {
  const touched = scope.start <= edit.oldEnd && scope.end >= edit.start;
  scope.start = shiftOffset(scope.start, edit);
  scope.end = shiftOffset(scope.end, edit);
  scope.bodyStart = shiftOffset(scope.bodyStart, edit);
  if (scope.paramsStart >= 0) {
    scope.paramsStart = shiftOffset(scope.paramsStart, edit);
    scope.paramsEnd = shiftOffset(scope.paramsEnd, edit);
  }
  return touched;
}

/** Shifts a site (and what it read, and its findings) past an edit; true when the edit touched the site. */
function shiftSite(site: Site, edit: EditSpan): boolean {
  const touched = site.start <= edit.oldEnd && site.end >= edit.start;
  site.start = shiftOffset(site.start, edit);
  site.end = shiftOffset(site.end, edit);
  // Each site owns its `reads` (see `withReads`): shifted in place, as the site itself is.
  if (site.reads) {
    site.reads.start = shiftOffset(site.reads.start, edit);
    site.reads.end = shiftOffset(site.reads.end, edit);
  }
  for (const finding of site.findings) {
    finding.start = shiftOffset(finding.start, edit);
    finding.end = shiftOffset(finding.end, edit);
  }
  return touched;
}

function touches(record: { startIndex?: number; endIndex?: number; start?: number; end?: number }, span: Span): boolean {
  const start = record.start ?? record.startIndex!;
  const end = record.end ?? record.endIndex!;
  return start <= span.end && end >= span.start;
}

/** A binding is stale when its name or its value was edited: both are part of its meaning. */
function bindingTouches(binding: Binding, span: Span): boolean {
  return (
    (binding.start <= span.end && binding.end >= span.start) ||
    (binding.valueStart !== undefined && binding.valueStart <= span.end && binding.valueEnd! >= span.start) ||
    (binding.sourceStart !== undefined && binding.sourceStart <= span.end && binding.sourceEnd! >= span.start)
  );
}

function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/**
 * The same finding reached from two sites (a rule triggered by two tokens of one statement)
 * is reported once. `findings` must be sorted.
 */
function dedupeFindings(findings: Finding[]): Finding[] {
  return findings.filter((f, i) => i === 0 || compareFindings(f, findings[i - 1]) !== 0 || f.message !== findings[i - 1].message);
}

function siteKey(site: Site): string {
  return `${site.kind}:${site.start}:${site.end}`;
}

function bySiteStart(a: Site, b: Site): number {
  return a.start - b.start;
}

/**
 * Names whose bindings changed, each with the scopes where they did: a name can only be looked
 * up differently from inside those (a function's locals are invisible outside it). Undefined
 * for a change that can be seen anywhere: in the module's scope, or of a `global` or `nonlocal`
 * declaration. A scope the edit removed (a `def` swallowed by a syntax error) still bounds where
 * its names were seen: `scopes` holds those before the edit (shifted with the text) and after.
 */
type ChangedNames = Map<string, Span[] | undefined>;

/** Where the scopes starting at each offset end, the furthest of those given. */
function furthestEnds(scopeLists: readonly (readonly ScopeRecord[])[]): Map<number, number> {
  const ends = new Map<number, number>();
  for (const scopes of scopeLists) for (const { start, end } of scopes) ends.set(start, Math.max(end, ends.get(start) ?? end));
  return ends;
}

function namesWithNewMeaning(before: readonly Binding[], after: readonly Binding[], scopes: readonly (readonly ScopeRecord[])[]): ChangedNames {
  const groups = new Map<string, Map<number, { removed: string[]; added: string[]; anywhere: boolean }>>();
  const note = (binding: Binding, list: 'removed' | 'added') => {
    let byScope = groups.get(binding.name);
    if (!byScope) groups.set(binding.name, (byScope = new Map()));
    let group = byScope.get(binding.scope);
    if (!group) byScope.set(binding.scope, (group = { removed: [], added: [], anywhere: false }));
    // Where it binds matters as much as what: straight-line code sees the bindings before it, so
    // `import x` removed at the top and added further down (one edit round) changes what `x` means between.
    group[list].push(`${binding.signature}@${binding.start}`);
    if (binding.kind === 'global' || binding.kind === 'nonlocal') group.anywhere = true;
  };
  for (const binding of before) note(binding, 'removed');
  for (const binding of after) note(binding, 'added');
  // Every import also stands for `ANY_IMPORT` (what `SemanticModel.spell` reads), in the module's scope.
  for (const [list, bindings] of [['removed', before], ['added', after]] as const) {
    for (const binding of bindings) if (binding.kind === 'import') note({ ...binding, name: ANY_IMPORT, scope: MODULE_SCOPE }, list);
  }
  let scopeEnds: Map<number, number> | undefined;
  const changed: ChangedNames = new Map();
  for (const [name, byScope] of groups) {
    for (const [scope, group] of byScope) {
      if (group.removed.sort().join('\n') === group.added.sort().join('\n')) continue;
      scopeEnds ??= furthestEnds(scopes);
      const end = scope === MODULE_SCOPE || group.anywhere ? undefined : scopeEnds.get(scope);
      if (end === undefined) {
        changed.set(name, undefined);
        break;
      }
      const spans = changed.get(name) ?? [];
      spans.push({ start: scope, end });
      changed.set(name, spans);
    }
  }
  return changed;
}
