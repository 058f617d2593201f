// The flow models compiled for lookup: which source, sink or sanitizer a resolved name is.
import type { FlowModel, HandlerSpec, QualifiedPattern, SanitizerSpec, SinkSpec, SourceSpec } from './spec';
import { FLOW_MODELS } from './models/index';
import { lineStartAt } from '../lines';

/** Exact names in a map, patterns with `*` as regular expressions: most lookups are one get. */
class PatternIndex<T> {
  private readonly exact = new Map<string, T[]>();
  private readonly patterns: { regex: RegExp; value: T }[] = [];

  add(pattern: QualifiedPattern, value: T): void {
    if (!pattern.includes('*')) {
      const list = this.exact.get(pattern);
      if (list) list.push(value);
      else this.exact.set(pattern, [value]);
      return;
    }
    this.patterns.push({ regex: patternRegex(pattern), value });
  }

  find(name: string | undefined): T[] {
    if (name === undefined) return [];
    const found = this.exact.get(name) ?? [];
    if (this.patterns.length === 0) return found;
    const matched = this.patterns.filter((p) => p.regex.test(name)).map((p) => p.value);
    return matched.length === 0 ? found : [...found, ...matched];
  }
}

export function patternRegex(pattern: QualifiedPattern): RegExp {
  const source = pattern
    .split('.')
    .map((segment) => (segment === '**' ? '.+' : segment === '*' ? '[^.]+' : segment.replace(/[\\^$+?()[\]{}|]/g, '\\$&')))
    .join('\\.');
  return new RegExp(`^${source}$`);
}

export interface CatalogOptions {
  /** Treat the environment (`os.environ`, `os.getenv`) as a low-trust source. */
  environment?: boolean;
  /** The project's own additions (`[tool.pyward] sources/sinks/sanitizers`). */
  extra?: FlowModel;
}

/**
 * Names too common to say anything alone: attributes of a request (`args`, `data`), methods of
 * a client (`create`, `get`; not `invoke`, a model's own), module paths (`http`, `models`). A source spelled with one of them
 * is spelled with a more telling name too (`request.args`, `client.chat.completions.create`).
 */
const COMMON_NAMES = new Set([
  'args', 'form', 'values', 'json', 'get_json', 'data', 'get_data', 'files', 'cookies', 'headers', 'path', 'stream', 'query_string',
  'authorization', 'user_agent', 'referrer', 'view_args', 'read', 'readline', 'create', 'get', 'run',
  'chat', 'models', 'Client', 'http', 'server', 'aio', 'text', 'content', 'body', 'query', 'post',
]);

/**
 * The names code may spell a source with: each name of its pattern (`flask`, `request` of
 * `flask.request.args`; `current_request` of a project's `mypkg.http.current_request`), but
 * not the common ones (`args`, `read`), which every function has.
 */
export function wordsOfSource(pattern: string): string[] {
  return pattern
    .split('.')
    .map((segment) => segment.replace(/\(\)$/, ''))
    .filter((name) => /^[A-Za-z_]\w*$/.test(name) && name !== 'builtins' && !COMMON_NAMES.has(name));
}

/** A source word that names a source whatever the file imports. */
const ANY_MODULE = '*';

/**
 * Matches nothing, at once: a bare `(?!)` is tried at every offset of the text (1.5 ms on a 300 KB
 * file), this one only at its start.
 */
export const NEVER_MATCHES = /^(?!)/;

/**
 * A word of code, not of a string's markup: `<input type="text">` or `'input[name=q]'` in a test's
 * HTML does not name the builtin `input` (a quote, `<`, `-` or `/` beside a word means text).
 */
function wordsPattern(words: readonly string[]): RegExp {
  return words.length === 0 ? NEVER_MATCHES : new RegExp(`(?<![<'"/-])\\b(?:${words.map((w) => w.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')).join('|')})\\b(?!['"-])`);
}

/**
 * The top-level names of the modules a text imports anywhere (`from a.b import c`, `import a, d
 * as e`, in a function or a `try` too): read from the text, so over-inclusive rather than not.
 */
export function importedModuleNames(text: string): ReadonlySet<string> {
  // The flow pass and the file's flow ask about the same text, one after the other.
  if (lastImports?.text === text) return lastImports.modules;
  const modules = new Set<string>();
  // Only the lines holding either keyword: a search for a word is far cheaper than matching a
  // line-start pattern at every line of a large file, on every keystroke.
  const lineStarts = new Set<number>();
  // `mport` rather than `import`: V8 finds the one about three times faster in a large text.
  for (const word of ['mport', 'from']) {
    for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + word.length)) {
      const lineStart = lineStartAt(text, at);
      if (lineStarts.has(lineStart)) continue;
      lineStarts.add(lineStart);
      IMPORT_LINE.lastIndex = lineStart;
      const match = IMPORT_LINE.exec(text);
      if (!match) continue;
      if (match[1]) modules.add(match[1]);
      else for (const part of match[2].split(',')) {
        const name = /^\s*\(?\s*([A-Za-z_]\w*)/.exec(part);
        if (name) modules.add(name[1]);
      }
    }
  }
  lastImports = { text, modules };
  return modules;
}
/** An import statement at the start of a line (sticky: matched where a line starts). */
const IMPORT_LINE = /[ \t]*(?:from[ \t]+([A-Za-z_]\w*)|import[ \t]+([^\n\r#;]+))/y;
let lastImports: { text: string; modules: ReadonlySet<string> } | undefined;

/** The decorators a wildcard handler pattern stands for. */
const WILDCARD_ROUTE_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'view', 'route'];

export class FlowCatalog {
  private readonly referenceSources = new PatternIndex<SourceSpec>();
  private readonly callSources = new PatternIndex<SourceSpec>();
  private readonly methodSources = new Map<string, SourceSpec>();
  private readonly callSinks = new PatternIndex<SinkSpec>();
  private readonly methodSinks = new Map<string, SinkSpec[]>();
  private readonly assignments: SinkSpec[] = [];
  private readonly slashJoins: SinkSpec[] = [];
  private readonly callSanitizers = new PatternIndex<SanitizerSpec>();
  private readonly methodSanitizers = new Map<string, SanitizerSpec>();
  private readonly opaque = new PatternIndex<true>();
  private readonly noReturn = new PatternIndex<true>();
  private readonly normalizerCalls = new PatternIndex<true>();
  private readonly normalizerMethods = new Set<string>();
  private readonly opaqueAttributes = new Set<string>();
  private readonly serverSetKeys: { container: RegExp; keys: readonly string[] }[] = [];
  readonly handlers: HandlerSpec[] = [];
  /** Decorators of handlers, for a quick "is this a handler?" by name. */
  readonly handlerDecorators = new PatternIndex<HandlerSpec>();
  readonly handlerAnnotations = new PatternIndex<HandlerSpec>();
  readonly handlerClasses = new PatternIndex<HandlerSpec>();
  /** The rule IDs some sink reports under. */
  readonly sinkRules = new Set<string>();
  /** The rule IDs whose pattern finding drops to low confidence where the flow proves the argument sanitized. */
  readonly lowerableRules = new Set<string>();
  /**
   * Words without which a function's text holds no source (the names code spells a source
   * with, see `wordsOfSource`, and what request handlers are recognised by): a function
   * without any is analysed only when a caller needs its summary.
   */
  readonly sourceWords: RegExp;
  /**
   * The modules a file must import for each source word to name a source there (`messages` is
   * Anthropic's only in a file importing `anthropic`); `ANY_MODULE` for words that need none
   * (`input`, a method like `recv`, a request annotation, the project's own sources).
   */
  private readonly wordModules = new Map<string, Set<string>>();
  /**
   * Parameter names that make a function a handler (Django's `request`), with the modules as
   * above: such a word names input only in a function's parameters (or its enclosing function's),
   * not as a local variable (`request = self.factory.get("/")` in a test).
   */
  private readonly parameterWordModules = new Map<string, Set<string>>();
  private readonly wordsByImports = new Map<string, RegExp>();
  /**
   * Words a handler's decorator holds (`route`, `get`, `tool`: the last names of the handler
   * decorators): a decorated function without any is no handler, so it is no reason to analyse it.
   */
  readonly handlerDecoratorWords: RegExp;

  constructor(models: readonly FlowModel[] = FLOW_MODELS, options: CatalogOptions = {}) {
    // Request annotations (`Request`) make a handler (decorators: handlerDecoratorWords).
    const words = new Set<string>(['Request', 'WebSocket']);
    const needs = (word: string, module: string, map = this.wordModules) => {
      words.add(word);
      const modules = map.get(word) ?? new Set<string>();
      modules.add(module);
      map.set(word, modules);
    };
    for (const word of words) needs(word, ANY_MODULE);
    for (const model of options.extra ? [...models, options.extra] : models) {
      for (const source of model.sources ?? []) {
        if (source.optIn && !options.environment) continue;
        for (const name of source.references ?? []) this.referenceSources.add(name, source);
        for (const name of source.calls ?? []) this.callSources.add(name, source);
        for (const name of source.methods ?? []) this.methodSources.set(name, source);
      }
      for (const sink of model.sinks ?? []) {
        this.sinkRules.add(sink.rule);
        if (sink.lowerWhenSanitized) this.lowerableRules.add(sink.rule);
        for (const name of sink.calls ?? []) this.callSinks.add(name, sink);
        for (const name of sink.methods ?? []) this.methodSinks.set(name, [...(this.methodSinks.get(name) ?? []), sink]);
        if (sink.subscriptAssignments) this.assignments.push(sink);
        if (sink.slashJoins) this.slashJoins.push(sink);
      }
      for (const sanitizer of model.sanitizers ?? []) {
        for (const name of sanitizer.calls ?? []) this.callSanitizers.add(name, sanitizer);
        for (const name of sanitizer.methods ?? []) this.methodSanitizers.set(name, sanitizer);
      }
      for (const name of model.opaque ?? []) this.opaque.add(name, true);
      for (const name of model.noReturn ?? []) this.noReturn.add(name, true);
      for (const name of model.pathNormalizers?.calls ?? []) this.normalizerCalls.add(name, true);
      for (const name of model.pathNormalizers?.methods ?? []) this.normalizerMethods.add(name);
      for (const name of model.opaqueAttributes ?? []) this.opaqueAttributes.add(name);
      this.serverSetKeys.push(...(model.serverSetKeys ?? []));
      // The project's own sources may be reached through its relative imports: no module needed.
      const own = model === options.extra;
      for (const source of model.sources ?? []) {
        if (source.optIn && !options.environment) continue;
        for (const name of [...(source.references ?? []), ...(source.calls ?? [])]) {
          const module = name.split('.')[0];
          for (const word of wordsOfSource(name)) needs(word, own || module === 'builtins' ? ANY_MODULE : module);
        }
        for (const method of source.methods ?? []) needs(method, ANY_MODULE);
      }
      for (const handler of model.handlers ?? []) {
        if (handler.requestParameter) needs(handler.requestParameter.name, handler.requestParameter.module, this.parameterWordModules);
        // `self.request.GET`: a method reading the request it was given holds input.
        if (handler.requestParameter && handler.selfAttribute) needs(`self.${handler.selfAttribute}`, handler.requestParameter.module);
        this.handlers.push(handler);
        for (const name of handler.decorators ?? []) this.handlerDecorators.add(name, handler);
        for (const name of handler.requestAnnotations ?? []) this.handlerAnnotations.add(name, handler);
        for (const name of handler.classBases ?? []) {
          this.handlerClasses.add(name, handler);
          // A handler's methods read the request from `self`; their class's header names the base
          // class (not its module: `web` of `tornado.web` is no reason to analyse a function).
          needs(name.slice(name.lastIndexOf('.') + 1), name.split('.')[0]);
        }
      }
    }
    const decoratorWords = new Set<string>();
    for (const handler of this.handlers) {
      for (const name of handler.decorators ?? []) {
        const last = name.split('.').pop()!;
        // `RouteTableDef().*`: any method of a route table, in practice its HTTP verbs.
        for (const word of last === '*' ? WILDCARD_ROUTE_METHODS : [last]) decoratorWords.add(word);
      }
    }
    this.handlerDecoratorWords = decoratorWords.size === 0 ? NEVER_MATCHES : new RegExp(`\\b(?:${[...decoratorWords].join('|')})\\b`);
    this.sourceWords = wordsPattern([...words]);
  }

  /**
   * The source words that can name a source in a file importing `modules` (top-level names):
   * a function of that file without any holds no source of its own.
   */
  sourceWordsFor(modules: ReadonlySet<string>): RegExp {
    return this.liveWords(this.wordModules, modules);
  }

  /** The handler parameter names (`parameterWordModules`) that name input in a file importing `modules`. */
  parameterWordsFor(modules: ReadonlySet<string>): RegExp {
    return this.liveWords(this.parameterWordModules, modules);
  }

  private liveWords(wordModules: ReadonlyMap<string, ReadonlySet<string>>, modules: ReadonlySet<string>): RegExp {
    const live = [...wordModules].filter(([, needed]) => needed.has(ANY_MODULE) || [...needed].some((module) => modules.has(module))).map(([word]) => word);
    const key = live.join('|');
    let pattern = this.wordsByImports.get(key);
    if (!pattern) {
      pattern = wordsPattern(live);
      this.wordsByImports.set(key, pattern);
    }
    return pattern;
  }

  /**
   * Whether a module at `path` importing `modules` can hold a view whose parameters the URL
   * sets (`requestParameter` handlers: a Django `views.py` importing `django`).
   */
  mayHoldUrlViews(path: string | undefined, modules: ReadonlySet<string>): boolean {
    const posix = path?.split('\\').join('/');
    return posix !== undefined && this.handlers.some(({ requestParameter: spec }) => spec !== undefined && modules.has(spec.module) && spec.viewModules.test(posix));
  }

  referenceSource(qualifiedName: string | undefined): SourceSpec | undefined {
    return this.referenceSources.find(qualifiedName)[0];
  }

  callSource(qualifiedName: string | undefined, method: string | undefined): SourceSpec | undefined {
    return this.callSources.find(qualifiedName)[0] ?? (method !== undefined ? this.methodSources.get(method) : undefined);
  }

  /** Sinks of a call: by its resolved name, or by method name when the receiver fits. */
  sinks(qualifiedName: string | undefined, method: string | undefined, receiverText: string | undefined): SinkSpec[] {
    const byName = this.callSinks.find(qualifiedName);
    if (method === undefined || receiverText === undefined) return byName;
    const byMethod = (this.methodSinks.get(method) ?? []).filter((sink) => !sink.receiver || sink.receiver.test(receiverText));
    return byMethod.length === 0 ? byName : [...byName, ...byMethod.filter((sink) => !byName.includes(sink))];
  }

  /** Sinks that `instance / value` is, for an instance resolved to `instance` (`pathlib.Path().parent`). */
  slashJoinSinks(instance: string): SinkSpec[] {
    return this.slashJoins.filter((sink) => sink.calls?.some((call) => instance.startsWith(`${call}(`)));
  }

  /** Sinks that are assignments to a subscript of this receiver. */
  assignmentSinks(receiverText: string): SinkSpec[] {
    return this.assignments.filter((sink) => sink.subscriptAssignments!.test(receiverText));
  }

  sanitizer(qualifiedName: string | undefined, method: string | undefined): SanitizerSpec | undefined {
    return this.callSanitizers.find(qualifiedName)[0] ?? (method !== undefined ? this.methodSanitizers.get(method) : undefined);
  }

  neverReturns(qualifiedName: string | undefined): boolean {
    return this.noReturn.find(qualifiedName).length > 0;
  }

  isOpaque(qualifiedName: string | undefined): boolean {
    return this.opaque.find(qualifiedName).length > 0;
  }

  /** Whether a call resolves `..` in the path it returns (`os.path.realpath`, `p.resolve()`). */
  isPathNormalizer(qualifiedName: string | undefined, method: string | undefined): boolean {
    return this.normalizerCalls.find(qualifiedName).length > 0 || (method !== undefined && this.normalizerMethods.has(method));
  }

  /**
   * Whether `container[key]` is set by the server, not the client (`request.META["REMOTE_ADDR"]`).
   * The container's text is asked for only for such a key.
   */
  isServerSet(key: string, container: () => string): boolean {
    return this.serverSetKeys.some((entry) => entry.keys.includes(key) && entry.container.test(container()));
  }

  /** Whether reading this attribute of a tainted object yields nothing of its data. */
  isOpaqueAttribute(name: string): boolean {
    return this.opaqueAttributes.has(name);
  }
}
