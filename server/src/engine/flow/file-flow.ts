// Flow over one file: its functions (and top-level code) as units, each analysed once and
// kept until its text, its module's imports or a callee's summary changes; calls into other
// files of the project go through their summaries (`project-flow.ts`).
import type { Node } from 'web-tree-sitter';
import type { SemanticModel } from '../semantic/model';
import type { FlowCatalog } from './catalog';
import { type Callee, type CalleeResolver, FunctionFlow, type Parameter, type Unit } from './function-flow';
import type { HandlerSpec } from './spec';
import { type FunctionResult, type Hit, type Summary, summarySignature } from './taint';

/** Calls into other files: implemented by the project side, absent for a lone file. */
export interface ExternalCallees {
  /** The summary of a module-level function of another project file (steps absolute there). */
  callee(qualifiedName: string): { summary: Summary; name: string; key: string; signature: string } | undefined;
  /** The signature a dependency key has now (to check a cached result). */
  signature(key: string): string;
}

interface CachedUnit {
  key: string;
  result: FunctionResult;
  /** Summaries it used, by dependency key, with their signatures then. */
  dependencies: Map<string, string>;
}

export interface FileFlowResult {
  hits: Hit[];
  cleanHits: FunctionResult['cleanHits'];
  /** Where each unit starts now: steps are relative to these. */
  anchors: Map<string, number>;
}

const NO_DEPENDENCY = 'none';

export class FileFlow implements CalleeResolver {
  private cache = new Map<string, CachedUnit>();
  // Per analysis round:
  private units = new Map<string, Unit>();
  /** What besides its own text a unit's meaning depends on: decorators, class header, enclosing function. */
  private unitContext = new Map<string, { context: string }>();
  private unitByStart = new Map<number, Unit>();
  private results = new Map<string, FunctionResult>();
  private inProgress = new Set<string>();
  private uncacheable = new Set<string>();
  private recording: Map<string, string>[] = [];
  private model!: SemanticModel;
  private tree: Node['tree'] | undefined;
  /** The file's path (for framework conventions: Django's views modules). */
  private path: string | undefined;
  private moduleKey = '';
  private external: ExternalCallees | undefined;
  /** The units the last analysis computed again (the others came from the cache). */
  recomputed: string[] = [];

  constructor(private readonly catalog: FlowCatalog) {}

  /** Analyses every unit of the file (reusing what is unchanged); returns all flows found. */
  analyze(root: Node, model: SemanticModel, external?: ExternalCallees, path?: string): FileFlowResult {
    this.path = path;
    this.begin(root, model, external);
    const hits: Hit[] = [];
    const cleanHits: FunctionResult['cleanHits'] = [];
    for (const unit of this.units.values()) {
      const result = this.resultOf(unit);
      for (const hit of result.hits) if (hit.origin.parameter === undefined) hits.push(hit);
      cleanHits.push(...result.cleanHits);
    }
    return { hits, cleanHits, anchors: this.anchors() };
  }

  /** The summary of a module-level function by name, for other files' calls. */
  summaryByName(root: Node, model: SemanticModel, name: string, external?: ExternalCallees): { summary: Summary; anchors: Map<string, number> } | undefined {
    this.begin(root, model, external);
    const unit = this.units.get(name);
    if (!unit || unit.classNode) return undefined;
    return { summary: this.summaryOf(unit), anchors: this.anchors() };
  }

  private begin(root: Node, model: SemanticModel, external: ExternalCallees | undefined): void {
    this.model = model;
    this.external = external;
    this.results = new Map();
    this.inProgress = new Set();
    this.uncacheable = new Set();
    this.recomputed = [];
    // Another file asking for several functions of this one: same tree, same units.
    if (root.tree === this.tree) return;
    this.tree = root.tree;
    this.unitContext = new Map();
    this.units = collectUnits(root, model, this.catalog, this.unitContext, this.path);
    this.unitByStart = new Map([...this.units.values()].map((unit) => [unit.node.startIndex, unit]));
    this.moduleKey = moduleKey(root);
    // Units that no longer exist are forgotten.
    for (const id of this.cache.keys()) if (!this.units.has(id)) this.cache.delete(id);
  }

  private anchors(): Map<string, number> {
    return new Map([...this.units.values()].map((unit) => [unit.id, unit.node.startIndex]));
  }

  private resultOf(unit: Unit): FunctionResult {
    const done = this.results.get(unit.id);
    if (done) return done;
    const key = this.unitKey(unit);
    const cached = this.cache.get(unit.id);
    if (cached && cached.key === key && this.stillValid(cached)) {
      this.results.set(unit.id, cached.result);
      return cached.result;
    }
    this.inProgress.add(unit.id);
    this.recomputed.push(unit.id);
    const dependencies = new Map<string, string>();
    this.recording.push(dependencies);
    let result: FunctionResult;
    try {
      result = new FunctionFlow(unit, this.model, this.catalog, this).run();
    } finally {
      this.recording.pop();
      this.inProgress.delete(unit.id);
    }
    this.results.set(unit.id, result);
    // A result computed while a callee was still being analysed (recursion) is not kept: the
    // next round computes it the same way from scratch, so incremental equals fresh.
    if (this.uncacheable.has(unit.id)) this.cache.delete(unit.id);
    else this.cache.set(unit.id, { key, result, dependencies });
    return result;
  }

  private stillValid(cached: CachedUnit): boolean {
    for (const [dependency, signature] of cached.dependencies) if (this.signatureOf(dependency) !== signature) return false;
    return true;
  }

  private signatureOf(dependency: string): string {
    if (dependency.startsWith('unit:')) {
      const unit = this.units.get(dependency.slice(5));
      return unit ? summarySignature(this.summaryOf(unit)) : NO_DEPENDENCY;
    }
    return this.external?.signature(dependency) ?? NO_DEPENDENCY;
  }

  private summaryOf(unit: Unit): Summary {
    if (this.inProgress.has(unit.id)) {
      for (const id of this.inProgress) this.uncacheable.add(id);
      return { parameters: unit.parameters.map((p) => p.name), method: unit.isMethod, hits: [], returns: [] };
    }
    const result = this.resultOf(unit);
    return {
      parameters: unit.parameters.map((p) => p.name),
      method: unit.isMethod,
      hits: result.hits.filter((hit) => hit.origin.parameter !== undefined),
      returns: result.returns,
    };
  }

  private record(key: string, signature: string): void {
    const current = this.recording[this.recording.length - 1];
    if (current && !current.has(key)) current.set(key, signature);
  }

  callee(call: Node, qualifiedName: string | undefined, from: Unit): Callee | undefined {
    const fn = call.childForFieldName('function');
    if (!fn) return undefined;
    const local = this.localCallee(fn, from);
    if (local !== undefined) {
      const key = `unit:${local.id}`;
      const summary = this.summaryOf(local);
      this.record(key, summarySignature(summary));
      return { summary, name: local.id, external: false };
    }
    if (qualifiedName === undefined || !this.external) return undefined;
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
      return definition ? this.unitByStart.get(definition.startIndex) : undefined;
    }
    if (fn.type === 'attribute' && from.classNode && from.isMethod) {
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

  private unitKey(unit: Unit): string {
    const { context } = this.unitContext.get(unit.id)!;
    // Top-level code's offsets are relative to the file: its key holds where it sits.
    const place = unit.node.type === 'module' ? topLevelPlaces(unit.node) : '';
    return `${this.moduleKey}\u0000${context}\u0000${place}\u0000${unit.node.type === 'module' ? '' : unit.node.text}`;
  }
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

function topLevelPlaces(root: Node): string {
  return root.namedChildren.map((child) => `${child?.startIndex}:${child?.endIndex}`).join(',');
}

/** The file's units: the module's top-level code and every function, with stable ids. */
function collectUnits(root: Node, model: SemanticModel, catalog: FlowCatalog, contexts: Map<string, { context: string }>, path: string | undefined): Map<string, Unit> {
  const units = new Map<string, Unit>();
  const imports = importedModules(root);
  const file = { path: path?.split('\\').join('/'), text: root.text };
  const add = (unit: Omit<Unit, 'id'>, name: string, context: string) => {
    let id = name;
    for (let n = 2; units.has(id); n++) id = `${name}#${n}`;
    units.set(id, { ...unit, id });
    contexts.set(id, { context });
  };
  add({ node: root, parameters: [], isMethod: false }, '<module>', '');
  // `outer`: the outermost enclosing function (a nested one reads its names), with the text
  // of the headers around the unit.
  const visit = (node: Node, prefix: string, classNode: Node | undefined, outer: Node | undefined, headers: string) => {
    for (const child of node.namedChildren) {
      if (!child) continue;
      const definition = child.type === 'decorated_definition' ? child.childForFieldName('definition') : child;
      if (definition?.type === 'function_definition') {
        const name = `${prefix}${definition.childForFieldName('name')?.text ?? '?'}`;
        const isMethod = classNode !== undefined && !isStatic(child);
        const decorators = child.type === 'decorated_definition' ? child.namedChildren.filter((c): c is Node => c?.type === 'decorator') : [];
        const parameters = parametersOf(definition);
        const handler = handlerOf(definition, decorators, parameters, isMethod, model, catalog, imports, file);
        const decoratorText = decorators.map((d) => d.text).join('\n');
        const context = `${headers}\u0001${decoratorText}\u0001${outer ? `${definition.startIndex - outer.startIndex}\u0001${outer.text}` : ''}`;
        add({ node: definition, parameters, isMethod, classNode, handler }, name, context);
        const body = definition.childForFieldName('body');
        if (body) visit(body, `${name}.`, undefined, outer ?? definition, headers);
      } else if (definition?.type === 'class_definition') {
        const name = `${prefix}${definition.childForFieldName('name')?.text ?? '?'}`;
        const body = definition.childForFieldName('body');
        const header = child.text.slice(0, (body?.startIndex ?? child.startIndex) - child.startIndex);
        if (body) visit(body, `${name}.`, definition, outer, `${headers}\u0001${header}`);
      } else if (child.type.endsWith('_statement') || child.type === 'block' || child.type.endsWith('_clause')) {
        visit(child, prefix, classNode, outer, headers);
      }
    }
  };
  visit(root, '', undefined, undefined, '');
  return units;
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

function isStatic(node: Node): boolean {
  return node.type === 'decorated_definition' && node.namedChildren.some((c) => c?.type === 'decorator' && /^@\s*staticmethod\b/.test(c.text));
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
}

function handlerOf(
  definition: Node, decorators: readonly Node[], parameters: Parameter[], isMethod: boolean, model: SemanticModel, catalog: FlowCatalog, imports: ReadonlySet<string>, file: FileFacts,
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
  if (!handler) handler = djangoStyle(definition, parameters, isMethod, catalog, imports, file);
  if (!handler) return undefined;
  for (const parameter of parameters) {
    const value = parameter.node.childForFieldName('value');
    // Defaults and `*args`/`**kwargs` of a view are configuration or a wrapper's pass-through.
    if ((value || parameter.splat) && handler.defaultsAreConfiguration && !parameter.request) parameter.provided = true;
    const callee = value?.type === 'call' ? value.childForFieldName('function') : undefined;
    if (callee && handler.providedDefaults?.some((pattern) => model.resolve(callee) === pattern)) parameter.provided = true;
  }
  return handler;
}

/** A view in a module importing the framework: `def view(request, slug)`, `def get(self, request, pk)`. */
function djangoStyle(definition: Node, parameters: Parameter[], isMethod: boolean, catalog: FlowCatalog, imports: ReadonlySet<string>, file: FileFacts): HandlerSpec | undefined {
  const candidate = parameters[isMethod ? 1 : 0];
  if (!candidate) return undefined;
  for (const handler of catalog.handlers) {
    const spec = handler.requestParameter;
    if (!spec || candidate.name !== spec.name || !imports.has(spec.module)) continue;
    candidate.request = true;
    const name = definition.childForFieldName('name')?.text ?? '';
    const view = file.path !== undefined && spec.viewModules.test(file.path) && !calledInFile(name, isMethod, file.text);
    // Outside a view, only the request object's own data is untrusted.
    return view ? handler : { ...handler, parametersUntrusted: false };
  }
  return undefined;
}

/** Whether the file calls this function (`name(…)`), or this method on `self`, besides defining it. */
function calledInFile(name: string, isMethod: boolean, text: string): boolean {
  const call = isMethod ? new RegExp(`\\bself\\.${name}\\(`) : new RegExp(`(?<!def )(?<![.\\w])${name}\\(`);
  return call.test(text);
}

