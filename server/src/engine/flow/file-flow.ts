// Flow over one file: its functions (and top-level code) as units, each analysed once and
// kept until its text, what it read of its module (`module-reads.ts`) or a callee's summary
// changes; calls into other files of the project go through their summaries (`project-flow.ts`).
import type { Node, Tree } from 'web-tree-sitter';
import type { EditSpan, Span } from '../analysis';
import { offsetBefore, touchesAny, touchesRange, writtenSpans } from '../edit-spans';
import type { ScopeRecord } from '../semantic/scopes';
import type { SemanticModel } from '../semantic/model';
import { type FlowCatalog, importedModuleNames, NEVER_MATCHES } from './catalog';
import { type Callee, type CalleeResolver, type Carried, type FileRead, FunctionFlow, type Parameter, type Unit } from './function-flow';
import { ModuleReads, recordModuleReads } from './module-reads';
import { convertedRouteParameters, scalarAnnotation } from './scalar-parameters';
import type { UrlCaptures } from './url-captures';
import type { HandlerSpec } from './spec';
import { type FunctionResult, type Hit, type Summary, summarySignature } from './taint';

/** Calls into other files: implemented by the project side, absent for a lone file. */
export interface ExternalCallees {
  /** The summary of a module-level function of another project file (steps absolute there). */
  callee(qualifiedName: string): { summary: Summary; name: string; key: string; signature: string } | undefined;
  /**
   * Whether that function's text holds a source word (so it may return input of its own) or, for
   * a request object passed in, names one of the request's `fields` (`GET`): read, not analysed;
   * with the dependency key and signature to record.
   */
  mayHoldInput(qualifiedName: string, fields: readonly string[]): { key: string; signature: string } | undefined;
  /** The signature a dependency key has now (to check a cached result). */
  signature(key: string): string;
}

interface UnitContext {
  context: string;
  text: string;
}

/** A re-parse of an open document: the edits that turned the tree `from` into `to`. */
export interface TreeTransition {
  from: Tree;
  to: Tree;
  edits: readonly EditSpan[];
  /** Where the syntax changed (`Tree.getChangedRanges`), in the new text's offsets. */
  changed: readonly Span[];
}

/**
 * What the last round's units lend this one. A unit that no edit touched (its text, its
 * decorators and the line above them, its classes' headers, its enclosing function) keeps the
 * last round's strings: the caches compare them with `===`, which is then instant.
 */
interface UnitReuse {
  /** Spans of this round's text the edits wrote. */
  written: readonly Span[];
  edits: readonly EditSpan[];
  /** The last round's strings by unit start, in the last round's offsets. */
  previous: ReadonlyMap<number, UnitContext>;
}

interface CachedUnit {
  /**
   * What it read of the module when it was analysed: for a function, its imports, the URL
   * captures and the bindings of the module names it looked up (`moduleReads`); for the
   * top-level code, all of it.
   */
  moduleKey: string;
  /** The module names a function looked up, sorted. */
  moduleReads: readonly string[];
  /** What preparing a function read of the file's text beyond it (see `FileRead`). */
  fileReads: readonly FileRead[];
  /** The round (tree and URL captures) it was analysed in: within it, the module is the same. */
  round: number;
  context: string;
  text: string;
  result: FunctionResult;
  parameters: readonly string[];
  /** Summaries it used, by dependency key, with their signatures then. */
  dependencies: Map<string, string>;
  /** The unit's result for the state before (its own `previous` dropped). */
  previous?: CachedUnit;
  /** Its syntax held errors then: error recovery may read the same text otherwise later. */
  hadErrors: boolean;
}

export interface FileFlowResult {
  hits: Hit[];
  cleanHits: FunctionResult['cleanHits'];
  /** Where each unit starts now: steps are relative to these. */
  anchors: Anchors;
}

const NO_DEPENDENCY = 'none';
/** Cached units beyond twice the file's units kept for units that went away (see `begin`). */
const MAX_VANISHED_UNITS = 2_000;
/** Suffix of a unit's key for its result in summary mode (see `resultOf`). */
const SUMMARY_MODE = '!summary';
/** The signature of a `mayHoldInput` dependency whose function holds no input. */
export const NO_INPUT = 'no-input';

export class FileFlow implements CalleeResolver {
  private cache = new Map<string, CachedUnit>();
  // Per analysis round:
  private units = new Map<string, Unit>();
  /** What a unit's meaning depends on: its text, decorators, class header, enclosing function. */
  private unitContext = new Map<string, UnitContext>();
  /** The units by where they start: built when a call first needs it in a round. */
  private unitByStart: Map<number, Unit> | undefined;
  private results = new Map<string, FunctionResult>();
  private parameterNames = new Map<string, readonly string[]>();
  private summaries = new Map<string, Summary>();
  private signatures = new Map<string, string>();
  private inProgress = new Set<string>();
  private uncacheable = new Set<string>();
  private recording: Map<string, string>[] = [];
  /** Per unit being analysed: whether for a summary (see `resultOf`). */
  private forSummary: boolean[] = [];
  private model!: SemanticModel;
  private tree: Node['tree'] | undefined;
  /** The file's path (for framework conventions: Django's views modules). */
  private path: string | undefined;
  private root: Node | undefined;
  private text = '';
  /** Per round, computed when first needed: the top-level code's key, the imported modules'. */
  private wholeModuleKey: string | undefined;
  private importsKey: string | undefined;
  /** This round's keys of what functions read of the module. */
  private moduleKeys: ModuleReads | undefined;
  /** Counts the trees (and URL captures) analysed: another file asking again about the same one is the same round. */
  private round = 0;
  private external: ExternalCallees | undefined;
  /** The units the last analysis computed again (the others came from the cache). */
  recomputed: string[] = [];
  /** The signature of the URLconfs' captures the units were collected with (see `url-captures.ts`). */
  private capturesKey = '';
  /** The definitions' first lines and decorators, by the analysis's scope records (see `headerOf`). */
  private readonly scopeHeaders: ScopeHeaders = new WeakMap();

  constructor(private readonly catalog: FlowCatalog) {}

  /**
   * Analyses every unit of the file (reusing what is unchanged); returns all flows found.
   * `lowerable` are where the rules' pattern findings that a sanitized argument lowers start.
   */
  analyze(
    root: Node, text: string, scopes: readonly ScopeRecord[], model: SemanticModel, external?: ExternalCallees, path?: string, lowerable: readonly number[] = [], transition?: TreeTransition,
    captures?: UrlCaptures,
  ): FileFlowResult {
    this.path = path;
    const modules = importedModuleNames(text);
    const liveWords = this.catalog.sourceWordsFor(modules);
    const parameterWords = this.catalog.parameterWordsFor(modules);
    // Without a source word, a handler's parameter name or decorator anywhere, and no finding to
    // lower, no unit holds a flow of its own: the units need not even be listed.
    if (lowerable.length === 0 && !liveWords.test(text) && !parameterWords.test(text) && !this.catalog.handlerDecoratorWords.test(text)) {
      // The trees between this one and the next analysed are not seen: what changed in them is unknown.
      this.tree = undefined;
      this.recomputed = [];
      return { hits: [], cleanHits: [], anchors: new Map() };
    }
    this.begin(root, text, scopes, model, external, transition, captures);
    // A unit holding such a finding is analysed whatever its words: only its flow can show the
    // argument sanitized (`mark_safe(conditional_escape(x))`).
    for (const at of lowerable) {
      const unit = this.unitAround(at, text);
      if (unit) this.resultOf(unit);
    }
    // A function with no source in it finds flows only through its callers (which ask for its
    // summary) or by calling a function that returns a source (found in rounds, rarely more than one).
    const sourceWords = withAliases(liveWords, root);
    let words: RegExp | undefined = sourceWords;
    const returning = new Set<string>();
    while (words) {
      for (const unit of this.units.values()) {
        if (this.results.has(unit.id)) continue;
        // The top-level code is tested with the whole file's text (a cheap over-estimate).
        const { context, text: unitText } = unit.id === '<module>' ? { context: '', text } : this.unitContext.get(unit.id)!;
        // Top-level code has no parameters.
        const handlerParameters = unit.id === '<module>' ? NEVER_MATCHES : parameterWords;
        if (this.mayHoldSource(unit.id, context, unitText, sourceWords, handlerParameters) || (words !== sourceWords && words.test(unitText))) this.resultOf(unit);
      }
      const more = [...this.results].filter(([id, result]) => !id.endsWith(SUMMARY_MODE) && !returning.has(id) && result.returns.some((origin) => origin.parameter === undefined)).map(([id]) => id);
      for (const id of more) returning.add(id);
      words = more.length > 0 ? new RegExp(`\\b(?:${more.map((id) => id.slice(id.lastIndexOf('.') + 1).replace(/#\d+$/, '')).join('|')})\\(`) : undefined;
    }
    const hits: Hit[] = [];
    const cleanHits: FunctionResult['cleanHits'] = [];
    for (const unit of this.units.values()) {
      const result = this.results.get(unit.id);
      if (!result) continue;
      for (const hit of result.hits) if (hit.origin.parameter === undefined) hits.push(hit);
      cleanHits.push(...result.cleanHits);
    }
    return { hits, cleanHits, anchors: this.anchors() };
  }

  /** The innermost unit whose text holds `offset` (the top-level code when no function does). */
  private unitAround(offset: number, text: string): Unit | undefined {
    let found: Unit | undefined;
    for (const unit of this.units.values()) {
      const end = unit.id === '<module>' ? text.length : unit.start + this.unitContext.get(unit.id)!.text.length;
      if (unit.start <= offset && offset < end && (!found || unit.start >= found.start)) found = unit;
    }
    return found;
  }

  /**
   * Whether a unit can hold a source: a handler's decorator, or a source word in its text or its
   * context (a class header like `BaseHTTPRequestHandler`, an enclosing function). Remembered
   * per unit while its text and context stay the same: a keystroke re-tests only the edited one.
   */
  private mayHoldSource(id: string, context: string, text: string, sourceWords: RegExp, parameterWords: RegExp): boolean {
    const known = this.sourceTests.get(id);
    const same = (a: RegExp, b: RegExp) => a === b || a.source === b.source;
    if (known && known.text === text && known.context === context && same(known.words, sourceWords) && same(known.parameterWords, parameterWords)) return known.holds;
    const holds =
      this.catalog.handlerDecoratorWords.test(context) || sourceWords.test(text) || sourceWords.test(context) || parameterWords.test(parameterList(text)) || parameterWords.test(context);
    this.sourceTests.set(id, { text, context, words: sourceWords, parameterWords, holds });
    return holds;
  }
  private sourceTests = new Map<string, { text: string; context: string; words: RegExp; parameterWords: RegExp; holds: boolean }>();

  /** The summary of a module-level function by name, for other files' calls. */
  summaryByName(root: Node, text: string, scopes: readonly ScopeRecord[], model: SemanticModel, name: string, external?: ExternalCallees): { summary: Summary; anchors: Anchors } | undefined {
    this.begin(root, text, scopes, model, external);
    const unit = this.units.get(name);
    if (!unit || unit.inClass) return undefined;
    return { summary: this.summaryOf(unit), anchors: this.anchors() };
  }

  private begin(root: Node, text: string, scopes: readonly ScopeRecord[], model: SemanticModel, external: ExternalCallees | undefined, transition?: TreeTransition, captures?: UrlCaptures): void {
    this.model = model;
    this.external = external;
    this.results = new Map();
    this.summaries = new Map();
    this.signatures = new Map();
    this.inProgress = new Set();
    this.uncacheable = new Set();
    this.recomputed = [];
    // Another file asking for several functions of this one: same tree, same units.
    const capturesKey = captures?.key ?? '';
    if (root.tree === this.tree && capturesKey === this.capturesKey) return;
    this.round++;
    this.root = root;
    this.text = text;
    this.wholeModuleKey = undefined;
    this.importsKey = undefined;
    this.moduleKeys = new ModuleReads(model, text);
    const continuous = transition !== undefined && this.tree !== undefined && transition.from === this.tree && transition.to === root.tree;
    const reuse = continuous ? this.reuseFrom(transition) : undefined;
    // Error recovery can read a function's unchanged text another way after an edit elsewhere:
    // where the syntax changed, or (without the re-parse's changes) in a tree with errors, a
    // unit's cached result is not trusted for its text alone.
    this.restructured = continuous ? transition.changed : root.hasError ? 'errors' : [];
    this.tree = root.tree;
    this.capturesKey = capturesKey;
    this.unitContext = new Map();
    this.units = collectUnits(root, text, scopes, model, this.catalog, this.unitContext, this.path, this.scopeHeaders, reuse, captures);
    this.unitByStart = undefined;
    // Units that no longer exist are kept a while: typing `(` turns the rest of the file into one
    // unclosed call, and the `)` that follows brings every unit after it back unchanged.
    const keep = 2 * this.units.size + MAX_VANISHED_UNITS;
    const vanished = (key: string) => !this.units.has(key.replace(SUMMARY_MODE, ''));
    dropOldest(this.cache, keep, vanished);
    dropOldest(this.sourceTests, keep, vanished);
  }

  /** The last round's unit strings, for the units of the tree after `transition` that kept them. */
  private reuseFrom(transition: TreeTransition): UnitReuse {
    const previous = new Map<number, UnitContext>();
    for (const unit of this.units.values()) if (unit.id !== '<module>') previous.set(unit.start, this.unitContext.get(unit.id)!);
    return { written: writtenSpans(transition.edits), edits: transition.edits, previous };
  }

  private anchors(): Anchors {
    return anchorsOf(this.units);
  }

  /**
   * A unit's result, in one of two modes. For the file's own findings (`forSummary` false), calls
   * into other files that carry only the unit's parameters are not followed (see `callee`);
   * for a summary that callers use, everything is. Each mode's result is its own (cached under
   * its own key), so what the file reports never depends on which callers asked for what.
   */
  private resultOf(unit: Unit, forSummary = false): FunctionResult {
    const key = forSummary ? `${unit.id}${SUMMARY_MODE}` : unit.id;
    const done = this.results.get(key);
    if (done) return done;
    const { context, text } = this.unitContext.get(unit.id)!;
    const latest = this.cache.get(key);
    // Where the syntax may have changed, the same text is the same function only without errors, then and now.
    const suspect = latest !== undefined && this.restructuredUnit(unit, text);
    const errorsNow = suspect && this.hasErrors(unit, text);
    for (const cached of [latest, latest?.previous]) {
      if (cached && cached.context === context && cached.text === text && !(suspect && (errorsNow || cached.hadErrors)) && this.sameModule(unit, cached) && this.stillValid(cached)) {
        this.results.set(key, cached.result);
        this.parameterNames.set(unit.id, cached.parameters);
        return cached.result;
      }
    }
    const stopRecording = recordModuleReads(this.model);
    let moduleReads: string[];
    const dependencies = new Map<string, string>();
    const skippedBefore = this.skipped;
    let result: FunctionResult;
    try {
      unit.prepare?.();
      this.parameterNames.set(unit.id, unit.parameters.map((p) => p.name));
      this.inProgress.add(unit.id);
      this.recomputed.push(unit.id);
      this.recording.push(dependencies);
      this.forSummary.push(forSummary);
      try {
        result = new FunctionFlow(unit, this.model, this.catalog, this).run();
      } finally {
        this.recording.pop();
        this.forSummary.pop();
        this.inProgress.delete(unit.id);
      }
    } finally {
      moduleReads = stopRecording();
    }
    // Preparing happens once a round, though a unit may be analysed in both modes.
    const prepared = unit.prepared;
    if (prepared && prepared.moduleReads.length > 0) moduleReads = [...new Set([...moduleReads, ...prepared.moduleReads])].sort();
    const moduleKey = this.moduleKeyOf(unit, moduleReads);
    const fileReads = prepared?.fileReads ?? [];
    // Nothing skipped: the same computation in both modes.
    const keys = !forSummary && this.skipped === skippedBefore ? [key, `${unit.id}${SUMMARY_MODE}`] : [key];
    for (const each of keys) {
      this.results.set(each, result);
      // A result computed while a callee was still being analysed (recursion) is not kept: the
      // next round computes it the same way from scratch, so incremental equals fresh.
      if (this.uncacheable.has(unit.id)) {
        this.cache.delete(each);
        continue;
      }
      // The state before is kept too: an edit and its undo (`(` then `)`) find it again.
      const previous = this.cache.get(each);
      if (previous) previous.previous = undefined;
      this.cache.delete(each);
      const hadErrors = unit.id !== '<module>' && unit.node.hasError;
      this.cache.set(each, { moduleKey, moduleReads, fileReads, round: this.round, context, text, result, dependencies, parameters: this.parameterNames.get(unit.id)!, previous, hadErrors });
    }
    return result;
  }

  /** Whether what a cached result read of the module (and of the file's text) is the same now. */
  private sameModule(unit: Unit, cached: CachedUnit): boolean {
    if (cached.round === this.round) return true;
    return cached.moduleKey === this.moduleKeyOf(unit, cached.moduleReads) && cached.fileReads.every((read) => calledInFile(read.name, read.isMethod, this.text) === read.called);
  }

  /**
   * The key of what a unit read of the module: the top-level code reads all of it (its
   * statements' texts); a function, the bindings of the names it looked up there, the modules
   * imported (which decide the frameworks its parameters may come from) and the URLconfs'
   * captures (which parameters of a view are input).
   */
  private moduleKeyOf(unit: Unit, moduleReads: readonly string[]): string {
    if (unit.id === '<module>') return (this.wholeModuleKey ??= `${moduleKey(this.root!)}\u0002${this.capturesKey}`);
    this.importsKey ??= [...importedModules(this.root!)].sort().join(',');
    return `${this.importsKey}\u0002${this.capturesKey}\u0002${this.moduleKeys!.key(moduleReads, unit.start, unit.end!)}`;
  }

  /** Where this round's syntax changed, or `errors` when unknown in a tree with errors (see `begin`). */
  private restructured: readonly Span[] | 'errors' = [];

  /**
   * Whether the unit's syntax may differ from when its cached result was computed, its text the
   * same. Top-level code is keyed by its statements' texts (`moduleKey`), which a new reading
   * splits anew.
   */
  private restructuredUnit(unit: Unit, text: string): boolean {
    const { restructured } = this;
    if (unit.id === '<module>') return false;
    if (restructured === 'errors') return true;
    return touchesRange(unit.start, unit.start + text.length, restructured);
  }

  private hasErrors(unit: Unit, text: string): boolean {
    return this.model.nodeAt(unit.start, unit.start + text.length, 'function_definition')?.hasError ?? true;
  }

  /** How many calls into other files were skipped (see `callee`), to tell a partial result. */
  private skipped = 0;

  private stillValid(cached: CachedUnit): boolean {
    for (const [dependency, signature] of cached.dependencies) if (this.signatureOf(dependency) !== signature) return false;
    return true;
  }

  private signatureOf(dependency: string): string {
    if (dependency.startsWith('unit:')) {
      const unit = this.units.get(dependency.slice(5));
      return unit ? this.summarySignatureOf(unit) : NO_DEPENDENCY;
    }
    return this.external?.signature(dependency) ?? NO_DEPENDENCY;
  }

  private summaryOf(unit: Unit): Summary {
    if (this.inProgress.has(unit.id)) {
      for (const id of this.inProgress) this.uncacheable.add(id);
      return { parameters: this.parameterNames.get(unit.id) ?? [], method: unit.isMethod, hits: [], returns: [] };
    }
    const done = this.summaries.get(unit.id);
    if (done) return done;
    const result = this.resultOf(unit, true);
    const summary: Summary = {
      parameters: this.parameterNames.get(unit.id)!,
      method: unit.isMethod,
      hits: result.hits.filter((hit) => hit.origin.parameter !== undefined),
      returns: result.returns,
    };
    if (!this.uncacheable.has(unit.id)) this.summaries.set(unit.id, summary);
    return summary;
  }

  /** A unit's summary signature, once per round. */
  private summarySignatureOf(unit: Unit): string {
    let signature = this.signatures.get(unit.id);
    if (signature === undefined) {
      signature = summarySignature(this.summaryOf(unit));
      if (!this.uncacheable.has(unit.id)) this.signatures.set(unit.id, signature);
    }
    return signature;
  }

  private record(key: string, signature: string): void {
    const current = this.recording[this.recording.length - 1];
    if (current && !current.has(key)) current.set(key, signature);
  }

  callee(call: Node, qualifiedName: string | undefined, from: Unit, carries: Carried, requestFields: readonly string[] = []): Callee | undefined {
    const fn = call.childForFieldName('function');
    if (!fn) return undefined;
    const local = this.localCallee(fn, from);
    if (local !== undefined) {
      const key = `unit:${local.id}`;
      const summary = this.summaryOf(local);
      this.record(key, this.summarySignatureOf(local));
      return { summary, name: local.id, external: false };
    }
    if (qualifiedName === undefined || !this.external) return undefined;
    // Nothing traced goes in, or (while nobody needs its summary) only the caller's parameters or a
    // request object: the other file's function matters only if it returns input of its own (a
    // source word in its text) or reads the request's fields. Most calls of an audit end here,
    // without parsing the other file.
    const forSummary = this.forSummary[this.forSummary.length - 1];
    if (carries === 'nothing' || (carries !== 'input' && !forSummary)) {
      const holdsInput = this.external.mayHoldInput(qualifiedName, carries === 'request' ? requestFields : []);
      if (!holdsInput) return undefined;
      this.record(holdsInput.key, holdsInput.signature);
      if (holdsInput.signature === NO_INPUT) {
        // Followed for a summary: the own-findings result differs from the summary one.
        if (carries !== 'nothing') this.skipped++;
        return undefined;
      }
    }
    const found = this.external.callee(qualifiedName);
    if (!found) return undefined;
    this.record(found.key, found.signature);
    return { summary: found.summary, name: found.name, external: true };
  }

  /** `helper(x)` defined in this file, or `self.helper(x)` in the same class. */
  private localCallee(fn: Node, from: Unit): Unit | undefined {
    if (fn.type === 'identifier') {
      const binding = this.model.lookup(fn.text, fn);
      if (!binding || binding.kind !== 'def') return undefined;
      const definition = this.model.nodeAt(binding.start, binding.end)?.parent;
      if (!definition) return undefined;
      this.unitByStart ??= new Map([...this.units.values()].map((unit) => [unit.start, unit]));
      return this.unitByStart.get(definition.startIndex);
    }
    if (fn.type === 'attribute' && from.inClass && from.isMethod) {
      const receiver = fn.childForFieldName('object');
      const name = fn.childForFieldName('attribute')?.text;
      if (receiver?.text !== from.parameters[0]?.name || !name) return undefined;
      const className = from.id.slice(0, from.id.lastIndexOf('.'));
      const unit = this.units.get(`${className}.${name}`);
      // Record the miss too: a method added later changes what the call means.
      if (!unit) this.record(`unit:${className}.${name}`, NO_DEPENDENCY);
      return unit;
    }
    return undefined;
  }

}

/** Deletes the oldest entries `drop` accepts until `map` holds at most `keep`. */
function dropOldest<V>(map: Map<string, V>, keep: number, drop: (key: string) => boolean): void {
  for (const key of map.keys()) {
    if (map.size <= keep) return;
    if (drop(key)) map.delete(key);
  }
}

/**
 * A definition's parameter list as written (`def view(self, request, pk):` → `(self, request,
 * pk)`), by its brackets; the whole text when they do not close (over-inclusive, never less).
 */
function parameterList(definition: string): string {
  const open = definition.indexOf('(');
  if (open === -1) return definition;
  for (let i = open, depth = 0; i < definition.length; i++) {
    const ch = definition[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if ((ch === ')' || ch === ']' || ch === '}') && --depth === 0) return definition.slice(open, i + 1);
  }
  return definition;
}

/**
 * The source words with the names a file's top-level imports give them (`from flask import
 * request as req`: `req`): code spells a source with the alias.
 */
function withAliases(sourceWords: RegExp, root: Node): RegExp {
  const aliases: string[] = [];
  for (const child of root.namedChildren) {
    if (!child || (child.type !== 'import_statement' && child.type !== 'import_from_statement') || !sourceWords.test(child.text)) continue;
    for (const imported of child.namedChildren) {
      const alias = imported?.type === 'aliased_import' ? imported.childForFieldName('alias')?.text : undefined;
      if (alias) aliases.push(alias);
    }
  }
  return aliases.length === 0 ? sourceWords : new RegExp(`${sourceWords.source}|\\b(?:${aliases.join('|')})\\b`);
}

/** What every unit's meaning depends on: the top-level code other than definitions, and their names. */
function moduleKey(root: Node): string {
  const parts: string[] = [];
  for (const child of root.namedChildren) {
    if (!child) continue;
    const definition = child.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
    if (definition && (definition.type === 'function_definition' || definition.type === 'class_definition')) parts.push(`def ${definition.childForFieldName('name')?.text}`);
    else parts.push(child.text);
  }
  return parts.join('\n');
}


/** Where each unit starts (`fetch`), and each top-level statement (`<module>:3`): steps are relative to these. */
export interface Anchors {
  get(anchor: string): number | undefined;
}

/** The anchors of a round's units, looked up rather than listed (a keystroke would list every unit). */
function anchorsOf(units: ReadonlyMap<string, Unit>): Anchors {
  return {
    get(anchor: string): number | undefined {
      const unit = units.get(anchor);
      if (unit) return unit.start;
      const colon = anchor.lastIndexOf(':');
      return colon === -1 ? undefined : units.get(anchor.slice(0, colon))?.segments?.[Number(anchor.slice(colon + 1))];
    },
  };
}

/** The file's units: the module's top-level code and every function, with stable ids. */
/** How a definition starts: `def name`, `async def name`, `class Name`. */
const DEFINITION = /^(?:async\s+)?(def|class)\s+([A-Za-z_]\w*)/;

interface Open {
  start: number;
  end: number;
  id: string;
  kind: 'function' | 'class';
  /** A class's header (`class View(Base):`), part of its methods' meaning. */
  header: string;
  /** Where what its units read of it ends: a class's header, a function's end. */
  headerEnd: number;
}

/**
 * The file's units: the module's top-level code and every function, with stable ids, from the
 * analysis's scope ranges and the text (no walk of the tree). A unit's syntax node, parameters
 * and handler are worked out only when it is analysed (`prepare`): on a keystroke most units
 * come from the cache.
 */
function collectUnits(
  root: Node, text: string, scopes: readonly ScopeRecord[], model: SemanticModel, catalog: FlowCatalog, contexts: Map<string, UnitContext>, path: string | undefined, headers: ScopeHeaders, reuse?: UnitReuse,
  urlCaptures?: UrlCaptures,
): Map<string, Unit> {
  const units = new Map<string, Unit>();
  let facts: { imports: Set<string>; file: FileFacts } | undefined;
  const fileFacts = () => (facts ??= { imports: importedModules(root), file: { path: path?.split('\\').join('/'), text, urlCaptures } });
  const add = (unit: Unit, name: string, context: UnitContext): string => {
    let id = name;
    for (let n = 2; units.has(id); n++) id = `${name}#${n}`;
    unit.id = id;
    units.set(id, unit);
    contexts.set(id, context);
    return id;
  };
  // One function for every unit of the round (called as the unit's method): no closure per unit.
  const prepare = function (this: Unit): void {
    this.prepare = undefined;
    const node = model.nodeAt(this.start, this.end!, 'function_definition');
    if (!node) return;
    this.node = node;
    const parameters = parametersOf(node);
    const { imports, file } = fileFacts();
    const decorated = node.parent?.type === 'decorated_definition' ? node.parent : undefined;
    const decorators = decorated ? decorated.namedChildren.filter((c): c is Node => c?.type === 'decorator') : [];
    this.parameters = parameters;
    const fileReads: FileRead[] = [];
    const stopRecording = recordModuleReads(model);
    try {
      this.handler = handlerOf(node, decorators, parameters, this.isMethod, model, catalog, imports, file, fileReads);
    } finally {
      this.prepared = { moduleReads: stopRecording(), fileReads };
    }
  };
  const segments = root.namedChildren.map((child) => child!.startIndex);
  add({ id: '', start: 0, node: root, parameters: NO_PARAMETERS, isMethod: false, inClass: false, segments }, '<module>', { context: '', text: '' });
  const stack: Open[] = [];
  const sorted = scopes.filter((scope) => scope.kind !== 'comprehension').sort((a, b) => a.start - b.start || b.end - a.end);
  for (const scope of sorted) {
    const header = headerOf(scope, text, headers, reuse?.written);
    if (header.kind === undefined) continue; // a lambda
    while (stack.length > 0 && stack[stack.length - 1].end <= scope.start) stack.pop();
    const parent = stack[stack.length - 1];
    const ownName = parent ? `${parent.id}.${header.name}` : header.name;
    if (header.kind === 'class') {
      stack.push({ start: scope.start, end: scope.end, id: ownName, kind: 'class', header: header.classHeader, headerEnd: scope.bodyStart });
      continue;
    }
    const inClass = parent?.kind === 'class';
    const isMethod = inClass && !header.staticMethod;
    let outer: Open | undefined;
    let untouched = reuse !== undefined && !touchesRange(scope.start - header.decoratorsReach, scope.end, reuse.written);
    for (const open of stack) {
      if (!outer && open.kind === 'function') outer = open;
      if (untouched && touchesRange(open.start, open.headerEnd, reuse!.written)) untouched = false;
    }
    const kept = untouched ? reuse!.previous.get(offsetBefore(scope.start, reuse!.edits)) : undefined;
    const strings = kept && kept.text.length === scope.end - scope.start
      ? kept
      : {
          context: `${classHeaders(stack)}\u0001${header.decorators}\u0001${outer ? `${scope.start - outer.start}\u0001${text.slice(outer.start, outer.end)}` : ''}`,
          text: text.slice(scope.start, scope.end),
        };
    const unit: Unit = { id: '', start: scope.start, end: scope.end, node: root, parameters: NO_PARAMETERS, isMethod, inClass, prepare };
    const id = add(unit, ownName, strings);
    stack.push({ start: scope.start, end: scope.end, id, kind: 'function', header: '', headerEnd: scope.end });
  }
  return units;
}

const NO_PARAMETERS: readonly Parameter[] = Object.freeze([]);

/** The headers of the classes open around a definition, joined (part of its methods' meaning). */
function classHeaders(stack: readonly Open[]): string {
  let joined = '';
  for (const open of stack) if (open.kind === 'class') joined = joined === '' ? open.header : `${joined}\u0001${open.header}`;
  return joined;
}

/**
 * What a scope's first line and the decorators above it say, free of positions: kept per scope
 * record (the analysis keeps the records of scopes no edit touched) and read again only when an
 * edit touches the decorators above it.
 */
interface ScopeHeader {
  /** Undefined for a lambda. */
  kind: 'def' | 'class' | undefined;
  name: string;
  /** A class's header (`class View(Base):`). */
  classHeader: string;
  /** A function's decorator lines, as written. */
  decorators: string;
  /** How far before the scope the text read for its decorators starts. */
  decoratorsReach: number;
  staticMethod: boolean;
}
export type ScopeHeaders = WeakMap<ScopeRecord, ScopeHeader>;

function headerOf(scope: ScopeRecord, text: string, headers: ScopeHeaders, written: readonly Span[] | undefined): ScopeHeader {
  const known = headers.get(scope);
  // Without the edits since the last round (`written`), nothing is known to be unchanged.
  if (known && written && !touchesRange(scope.start - known.decoratorsReach, scope.start, written)) return known;
  const definition = DEFINITION.exec(text.slice(scope.start, scope.start + 200));
  let header: ScopeHeader;
  if (!definition) header = { kind: undefined, name: '', classHeader: '', decorators: '', decoratorsReach: 0, staticMethod: false };
  else if (definition[1] === 'class') {
    header = { kind: 'class', name: definition[2], classHeader: text.slice(scope.start, scope.bodyStart), decorators: '', decoratorsReach: 0, staticMethod: false };
  } else {
    const decorators = decoratorsBefore(text, scope.start);
    header = { kind: 'def', name: definition[2], classHeader: '', decorators: decorators.text, decoratorsReach: scope.start - decorators.readFrom, staticMethod: /^@\s*staticmethod\b/m.test(decorators.text) };
  }
  headers.set(scope, header);
  return header;
}

/**
 * The decorator lines right above a definition (`@app.route("/x")`), as written, and where the
 * text read to find them starts (the line above them decides where they end).
 */
function decoratorsBefore(text: string, start: number): { text: string; readFrom: number } {
  let at = text.lastIndexOf('\n', start - 1);
  let readFrom = at + 1;
  const lines: string[] = [];
  // Walk up whole lines while they belong to decorators (a decorator may span lines in brackets).
  for (let depth = 0; at > 0 && lines.length < 50; ) {
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    readFrom = lineStart;
    const line = text.slice(lineStart, at);
    const trimmed = line.trim();
    for (const ch of line) depth += ch === ')' || ch === ']' ? 1 : ch === '(' || ch === '[' ? -1 : 0;
    if (trimmed.startsWith('@') || depth > 0) lines.unshift(trimmed);
    else break;
    if (trimmed.startsWith('@') && depth <= 0) depth = 0;
    at = lineStart - 1;
  }
  return { text: lines.join('\n'), readFrom: Math.max(0, readFrom - 1) };
}

/** Top-level names of the modules a file imports (`django` for `from django.http import …`). */
function importedModules(root: Node): Set<string> {
  const modules = new Set<string>();
  for (const child of root.namedChildren) {
    if (child?.type === 'import_from_statement') {
      const module = child.childForFieldName('module_name')?.text;
      if (module) modules.add(module.split('.')[0]);
    } else if (child?.type === 'import_statement') {
      for (const name of child.childrenForFieldName('name')) {
        const dotted = name?.type === 'aliased_import' ? name.childForFieldName('name') : name;
        if (dotted) modules.add(dotted.text.split('.')[0]);
      }
    }
  }
  return modules;
}

function parametersOf(definition: Node): Parameter[] {
  const list = definition.childForFieldName('parameters');
  const parameters: Parameter[] = [];
  for (const child of list?.namedChildren ?? []) {
    if (!child) continue;
    let nameNode: Node | null = child;
    if (child.type === 'default_parameter' || child.type === 'typed_default_parameter') nameNode = child.childForFieldName('name');
    else if (child.type === 'typed_parameter') nameNode = child.namedChildren.find((c) => c?.type === 'identifier' || c?.type === 'list_splat_pattern' || c?.type === 'dictionary_splat_pattern') ?? null;
    const splat = nameNode !== null && (nameNode.type === 'list_splat_pattern' || nameNode.type === 'dictionary_splat_pattern');
    if (splat) nameNode = nameNode!.firstNamedChild;
    if (!nameNode || nameNode.type !== 'identifier') continue;
    parameters.push({ name: nameNode.text, node: child, splat });
  }
  return parameters;
}

/** Whether a function is a request or tool handler, and which of its parameters are input. */
interface FileFacts {
  path: string | undefined;
  text: string;
  urlCaptures: UrlCaptures | undefined;
}

function handlerOf(
  definition: Node, decorators: readonly Node[], parameters: Parameter[], isMethod: boolean, model: SemanticModel, catalog: FlowCatalog, imports: ReadonlySet<string>, file: FileFacts, reads: FileRead[],
): HandlerSpec | undefined {
  let handler: HandlerSpec | undefined;
  for (const decorator of decorators) {
    const expression = decorator.firstNamedChild;
    const callee = expression?.type === 'call' ? expression.childForFieldName('function') : expression;
    const name = callee ? model.resolve(callee) : undefined;
    handler = catalog.handlerDecorators.find(name)[0];
    if (handler) break;
  }
  for (const parameter of parameters) {
    const annotation = parameter.node.childForFieldName('type');
    if (!annotation) continue;
    const expression = annotation.firstNamedChild ?? annotation;
    const byAnnotation = catalog.handlerAnnotations.find(model.resolve(expression))[0];
    if (byAnnotation) {
      handler ??= byAnnotation;
      parameter.request = true;
    }
  }
  if (isMethod) keepsRequest(parameters, catalog, imports);
  if (!handler && isMethod) handler = classHandler(definition, parameters, model, catalog);
  if (!handler) handler = djangoStyle(definition, parameters, isMethod, decorators.length > 0, catalog, imports, file, reads);
  if (!handler) return undefined;
  const converted = handler.routeConverters ? convertedRouteParameters(decorators) : undefined;
  for (const parameter of parameters) {
    const annotation = parameter.node.childForFieldName('type');
    if (converted?.has(parameter.name) || (handler.validatesAnnotations && annotation && !parameter.request && scalarAnnotation(annotation, model))) parameter.scalar = true;
    const value = parameter.node.childForFieldName('value');
    // Defaults and `*args`/`**kwargs` of a view are configuration or a wrapper's pass-through.
    if ((value || parameter.splat) && handler.defaultsAreConfiguration && !parameter.request) parameter.provided = true;
    const callee = value?.type === 'call' ? value.childForFieldName('function') : undefined;
    if (callee && handler.providedDefaults?.some((pattern) => model.resolve(callee) === pattern)) parameter.provided = true;
  }
  return handler;
}

/** A method of a class deriving from a handler class (`class Handler(BaseHTTPRequestHandler)`): `self` is the request. */
function classHandler(definition: Node, parameters: Parameter[], model: SemanticModel, catalog: FlowCatalog): HandlerSpec | undefined {
  const owner = ownerClass(definition);
  const self = parameters[0];
  if (!owner || !self || self.splat) return undefined;
  for (const base of owner.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (base?.type !== 'identifier' && base?.type !== 'attribute') continue;
    const handler = catalog.handlerClasses.find(model.resolve(base))[0];
    if (!handler) continue;
    self.request = true;
    return handler;
  }
  return undefined;
}

/** A view in a module importing the framework: `def view(request, slug)`, `def get(self, request, pk)`. */
function djangoStyle(
  definition: Node, parameters: Parameter[], isMethod: boolean, decorated: boolean, catalog: FlowCatalog, imports: ReadonlySet<string>, file: FileFacts, reads: FileRead[],
): HandlerSpec | undefined {
  const candidate = parameters[isMethod ? 1 : 0];
  if (!candidate) return undefined;
  for (const handler of catalog.handlers) {
    const spec = handler.requestParameter;
    if (!spec || candidate.name !== spec.name || !imports.has(spec.module)) continue;
    candidate.request = true;
    const name = definition.childForFieldName('name')?.text ?? '';
    // A method is a view when it handles an HTTP method or a viewset action (or is decorated, like
    // DRF's `@action`): `complete_login(self, request, app, token)` of an OAuth adapter is not.
    const handles = !isMethod || decorated || VIEW_METHODS.test(name);
    const captures = file.urlCaptures;
    const viewName = isMethod ? ownerClass(definition)?.childForFieldName('name')?.text : name;
    // With URLconfs, one that none of them names is routed by none: other code calls it
    // (`technical_500_response(request, *sys.exc_info())`), and its arguments are that code's.
    const routed = captures === undefined || (viewName !== undefined && captures.words.has(viewName));
    const view = handles && routed && file.path !== undefined && spec.viewModules.test(file.path) && !calledIn(file.text, name, isMethod, reads);
    // Outside a view, only the request object's own data is untrusted.
    if (!view) return { ...handler, parametersUntrusted: false };
    // What no URL pattern captures comes from a URLconf's extra arguments: configuration. A
    // pattern capturing by position may set any parameter of the views it routes to.
    if (captures && captures.positionalViews !== 'any' && !(viewName !== undefined && captures.positionalViews.has(viewName))) {
      for (const parameter of parameters.slice(parameters.indexOf(candidate) + 1)) {
        if (!parameter.splat && !captures.names.has(parameter.name)) parameter.provided = true;
      }
    }
    return handler;
  }
  return undefined;
}

/** `self` of a method in a module importing a framework whose classes keep the request on it (`self.request`). */
function keepsRequest(parameters: Parameter[], catalog: FlowCatalog, imports: ReadonlySet<string>): void {
  const self = parameters[0];
  if (!self || self.splat) return;
  const handler = catalog.handlers.find((spec) => spec.selfAttribute !== undefined && spec.requestParameter !== undefined && imports.has(spec.requestParameter.module));
  if (handler) self.requestAttribute = { name: handler.selfAttribute!, handler };
}

/** The class a method is defined in (its `class_definition`). */
function ownerClass(method: Node): Node | undefined {
  const owner = method.parent?.type === 'decorated_definition' ? method.parent.parent?.parent : method.parent?.parent;
  return owner?.type === 'class_definition' ? owner : undefined;
}

/** Methods of class-based views and viewsets that receive a request's URL arguments. */
const VIEW_METHODS = /^(get|post|put|patch|delete|head|options|trace|dispatch|list|retrieve|create|update|partial_update|destroy)$/;

/** `calledInFile`, remembered in `reads`: the answer changes with edits outside the function. */
function calledIn(text: string, name: string, isMethod: boolean, reads: FileRead[]): boolean {
  const called = calledInFile(name, isMethod, text);
  reads.push({ name, isMethod, called });
  return called;
}

/** Whether the file calls this function (`name(…)`), or this method on `self`, besides defining it. */
function calledInFile(name: string, isMethod: boolean, text: string): boolean {
  const call = isMethod ? new RegExp(`\\bself\\.${name}\\(`) : new RegExp(`(?<!def )(?<![.\\w])${name}\\(`);
  return call.test(text);
}

