// Taint inside one function (or the module's top-level code): a walk over its statements in
// order, with what each name holds. Branches are analysed apart and joined; loops twice; a
// guard (`if x in ALLOWED`, `if not safe(x): return`) cleans `x` where it holds. Calls into
// functions with a summary follow it; unknown calls pass their arguments' taint on.
import type { Node } from 'web-tree-sitter';
import type { SemanticModel } from '../semantic/model';
import { lastAtOrBefore } from '../lines';
import { CallSite } from '../sites';
import type { FlowCatalog } from './catalog';
import { sinkApplies } from './conditions';
import { SINK_KINDS, type HandlerSpec, type SinkKind, type SinkSpec } from './spec';
import {
  CLEAN, type CleanHit, type FunctionResult, type Hit, type Origin, type Step, type Summary, type Taint,
  appendSteps, cleaned, isCleanFor, union, unionAll, withStep,
} from './taint';

/** A function (or the module) being analysed. */
export interface Unit {
  /** Stable within its file: `fetch`, `View.get`, `<module>` (`#2` for a second `fetch`). */
  id: string;
  /** Where it starts: offsets of its steps are relative to this. */
  start: number;
  /** Where a function ends (undefined for the top-level code). */
  end?: number;
  /** The `function_definition` (or the module); found by `prepare` for functions. */
  node: Node;
  /** The parameters, in order, with `self`/`cls` included for methods. */
  parameters: readonly Parameter[];
  isMethod: boolean;
  /** Defined directly in a class body. */
  inClass: boolean;
  /** Top-level code: where each top-level statement starts (its steps' anchors). */
  segments?: readonly number[];
  handler?: HandlerSpec;
  /** Works out the parameters and handler; called (as the unit's method) before the unit is analysed. */
  prepare?: (this: Unit) => void;
  /** What `prepare` read beyond the unit: module names it looked up, the file's text (whether the file calls it). */
  prepared?: { moduleReads: readonly string[]; fileReads: readonly FileRead[] };
}

/** A question a function's preparation asked of the whole file's text: whether the file calls the function. */
export interface FileRead {
  name: string;
  isMethod: boolean;
  called: boolean;
}

export interface Parameter {
  name: string;
  node: Node;
  /** The request object of a handler. */
  request?: boolean;
  /** Framework-provided (`Depends(...)`): not input. */
  provided?: boolean;
  /** Converted by the framework to a number, UUID, date, enum member or literal: not input (`scalar-parameters.ts`). */
  scalar?: boolean;
  /** `*args` or `**kwargs`. */
  splat?: boolean;
  /** `self` of a method whose class keeps the request in an attribute (`self.request`), and the handler saying so. */
  requestAttribute?: { name: string; handler: HandlerSpec };
}

/** A function a call reaches, and its summary. */
export interface Callee {
  summary: Summary;
  /** How to name it in messages. */
  name: string;
  /** In another file: findings it leads to are reported at the call. */
  external: boolean;
}

/** What a call's arguments and receiver hold (see CalleeResolver). */
export type Carried = 'input' | 'request' | 'parameters' | 'nothing';

export interface CalleeResolver {
  /**
   * The function a call goes to, with its summary. `carries`: what the arguments and receiver
   * hold: untrusted input, only the caller's own parameters, or nothing traced; without input, a
   * call into another file matters mostly if that function may return input of its own.
   */
  callee(call: Node, qualifiedName: string | undefined, from: Unit, carries: Carried, requestFields?: readonly string[]): Callee | undefined;
}

/** How many times a loop body is walked: twice lets a value assigned late reach an early use. */
const LOOP_PASSES = 2;
/** Nesting beyond this is not followed (values are then clean: we say nothing rather than guess). */
const MAX_DEPTH = 60;
const MUTATORS = new Set(['append', 'extend', 'insert', 'add', 'update', 'appendleft', 'setdefault', 'write', 'writelines']);
const EXITS = new Set(['return_statement', 'raise_statement', 'continue_statement', 'break_statement']);
/** Calls whose later arguments can replace the base URL they are given (an absolute URL does). */
const HOST_REPLACING_CALLS = new Set(['urllib.parse.urljoin', 'urlparse.urljoin', 'requests.compat.urljoin', 'six.moves.urllib.parse.urljoin']);
/** String methods whose arguments end up anywhere in the result (`"{}{}".format(a, b)`). */
const STRING_BUILDERS = new Set(['format', 'format_map', 'join', 'replace', 'removeprefix', 'removesuffix']);

/** A name a condition proves safe: for every sink, or only for `kinds`. */
interface Guarded {
  key: string;
  kinds?: readonly SinkKind[];
}

interface Guard {
  whenTrue: Guarded[];
  whenFalse: Guarded[];
}

/** Expressions an assignment may store a check's outcome from (`ok = is_safe(url)`, `ok = x in ALLOWED`). */
const GUARD_EXPRESSIONS = new Set(['call', 'comparison_operator', 'boolean_operator', 'not_operator', 'parenthesized_expression']);

/** Validators that compare a path's text with a prefix: no containment check before `..` is resolved. */
const PREFIX_CHECKS = new Set(['startswith', 'is_relative_to']);
const ALL_BUT_PATH: readonly SinkKind[] = SINK_KINDS.filter((kind) => kind !== 'path');

const VALIDATOR = /^(is_?)?(safe|valid|allowed|permitted|whitelisted|trusted)|^(validate|check|verify|ensure)_|url_has_allowed_host_and_scheme|^is_safe_url$|^(full)?match$|^startswith$|^is_relative_to$|^isdigit$|^isalnum$|^isidentifier$/i;

type Env = Map<string, Taint>;

export class FunctionFlow {
  private readonly hits: Hit[] = [];
  private readonly cleanHits: CleanHit[] = [];
  private returns: Taint = CLEAN;
  private depth = 0;
  /** Names holding a check's outcome, and what testing them proves (see `rememberGuard`). */
  private readonly guardNames = new Map<string, Guard>();

  constructor(
    private readonly unit: Unit,
    private readonly model: SemanticModel,
    private readonly catalog: FlowCatalog,
    private readonly resolver: CalleeResolver,
  ) {}

  run(): FunctionResult {
    const env: Env = new Map();
    const unit = this.unit;
    unit.parameters.forEach((parameter, index) => {
      if (parameter.provided || parameter.scalar) return;
      const step = this.step(parameter.node, `parameter \`${parameter.name}\``);
      if (parameter.request && unit.handler) {
        env.set(parameter.name, [{ label: parameter.name, trust: unit.handler.trust, steps: [step], fields: unit.handler.requestFields ?? [] }]);
      } else if (unit.handler?.parametersUntrusted && !(unit.isMethod && index === 0)) {
        env.set(parameter.name, [{ label: parameter.name, trust: unit.handler.trust, steps: [this.step(parameter.node, `\`${parameter.name}\` comes from the request`)] }]);
      } else {
        env.set(parameter.name, [{ label: parameter.name, parameter: index, steps: [step] }]);
      }
      const held = parameter.requestAttribute;
      if (held) {
        const key = `${parameter.name}.${held.name}`;
        env.set(key, [{ label: key, trust: held.handler.trust, steps: [this.step(parameter.node, `\`${key}\` is the request`)], fields: held.handler.requestFields ?? [] }]);
      }
    });
    const body = unit.node.type === 'module' ? unit.node : unit.node.childForFieldName('body');
    if (body) this.block(body, env);
    return { hits: this.hits, cleanHits: this.cleanHits, returns: this.returns };
  }

  private step(node: Node, note: string): Step {
    const [anchor, base] = this.anchorOf(node.startIndex);
    return { anchor, start: node.startIndex - base, end: node.endIndex - base, note };
  }

  /**
   * The anchor an offset is relative to: the function's start; in top-level code, the
   * top-level statement's (so that an edit in a function above does not move its steps).
   */
  private anchorOf(offset: number): [string, number] {
    const segments = this.unit.segments;
    if (!segments || segments.length === 0) return [this.unit.id, this.unit.start];
    const segment = lastAtOrBefore(segments, offset);
    return [`${this.unit.id}:${segment}`, segments[segment]];
  }

  // ---- statements ----

  /** Walks a block; returns whether it always leaves (return/raise/continue/break at its end). */
  private block(block: Node, env: Env): boolean {
    // Blocks nested deeper than any real code are not followed (their values stay as they are).
    if (this.depth > MAX_DEPTH) return false;
    this.depth++;
    try {
      let exits = false;
      for (const statement of block.namedChildren) {
        if (!statement) continue;
        exits = this.statement(statement, env);
      }
      return exits;
    } finally {
      this.depth--;
    }
  }

  private statement(node: Node, env: Env): boolean {
    switch (node.type) {
      case 'expression_statement': {
        for (const child of node.namedChildren) if (child) this.expressionStatement(child, env);
        // `abort(400)`, `sys.exit(1)`: the branch ends here.
        const call = node.firstNamedChild;
        const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
        return callee ? this.catalog.neverReturns(this.model.resolve(callee)) : false;
      }
      case 'return_statement': {
        const value = node.firstNamedChild;
        if (value) this.returns = union(this.returns, withStep(this.evaluate(value, env), this.step(node, 'returned')));
        return true;
      }
      case 'raise_statement':
      case 'continue_statement':
      case 'break_statement':
        for (const child of node.namedChildren) if (child) this.evaluate(child, env);
        return true;
      case 'if_statement':
        return this.ifStatement(node, env);
      case 'for_statement': {
        const right = node.childForFieldName('right');
        const left = node.childForFieldName('left');
        const items = right ? this.evaluate(right, env) : CLEAN;
        const body = node.childForFieldName('body');
        const before = copy(env);
        for (let pass = 0; pass < LOOP_PASSES; pass++) {
          if (left) this.bind(left, items, env, node);
          if (body) this.block(body, env);
          // A second walk finds nothing new when the first left the same origins behind.
          if (shape(env) === shape(before)) break;
        }
        join(env, before);
        const alternative = node.childForFieldName('alternative');
        if (alternative) this.block(alternative, env);
        return false;
      }
      case 'while_statement': {
        const condition = node.childForFieldName('condition');
        const body = node.childForFieldName('body');
        const before = copy(env);
        for (let pass = 0; pass < LOOP_PASSES; pass++) {
          if (condition) this.evaluate(condition, env);
          if (body) this.block(body, env);
          if (shape(env) === shape(before)) break;
        }
        join(env, before);
        return false;
      }
      case 'with_statement': {
        for (const item of node.descendantsOfType('with_item')) {
          if (!item) continue;
          const value = item.childForFieldName('value') ?? item.firstNamedChild;
          if (!value) continue;
          if (value.type === 'as_pattern') {
            const expression = value.firstNamedChild;
            const target = value.childForFieldName('alias')?.firstNamedChild ?? value.lastNamedChild?.firstNamedChild;
            const taint = expression ? this.evaluate(expression, env) : CLEAN;
            if (target) this.bind(target, taint, env, value);
          } else {
            this.evaluate(value, env);
          }
        }
        const body = node.childForFieldName('body');
        return body ? this.block(body, env) : false;
      }
      case 'try_statement': {
        const body = node.childForFieldName('body');
        const before = copy(env);
        let exits = body ? this.block(body, env) : false;
        for (const child of node.namedChildren) {
          if (!child || child === body) continue;
          if (child.type === 'except_clause' || child.type === 'except_group_clause') {
            const branch = copy(before);
            join(branch, env);
            const block = child.namedChildren.find((c) => c?.type === 'block');
            const handlerExits = block ? this.block(block, branch) : false;
            if (!handlerExits) join(env, branch);
            exits = exits && handlerExits;
          } else if (child.type === 'else_clause' || child.type === 'finally_clause') {
            const block = child.namedChildren.find((c) => c?.type === 'block');
            if (block) exits = this.block(block, env) || exits;
          }
        }
        return exits;
      }
      case 'match_statement': {
        const subject = node.childForFieldName('subject');
        if (subject) this.evaluate(subject, env);
        const before = copy(env);
        for (const block of node.descendantsOfType('block')) {
          if (!block || block.parent?.type !== 'case_clause') continue;
          const branch = copy(before);
          if (!this.block(block, branch)) join(env, branch);
        }
        return false;
      }
      case 'decorated_definition':
      case 'function_definition':
      case 'class_definition':
        // Analysed as units of their own.
        return false;
      default:
        for (const child of node.namedChildren) if (child && isExpression(child)) this.evaluate(child, env);
        return false;
    }
  }

  private expressionStatement(node: Node, env: Env): void {
    switch (node.type) {
      case 'assignment': {
        // `a = b = value`: a chain of assignments, each the right side of the one before, walked
        // iteratively (chains of thousands exist in generated code). Recovered syntax can leave
        // an inner assignment without a right side (`a = b: int`): it binds nothing.
        const chain: [target: Node, assignment: Node][] = [];
        let value: Node | null = node;
        while (value?.type === 'assignment') {
          const left: Node | null = value.childForFieldName('left');
          const right: Node | null = value.childForFieldName('right');
          if (!left || !right) break;
          chain.push([left, value]);
          value = right;
        }
        if (chain.length === 0) return;
        const taint = value && value.type !== 'assignment' ? this.evaluate(value, env) : CLEAN;
        for (let i = chain.length - 1; i >= 0; i--) this.bind(chain[i][0], taint, env, chain[i][1]);
        for (const [target] of chain) if (target.type === 'identifier') this.rememberGuard(target.text, value, env);
        return;
      }
      case 'augmented_assignment': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (!left || !right) return;
        const value = union(this.evaluate(left, env), this.evaluate(right, env));
        this.bind(left, value, env, node);
        return;
      }
      default:
        this.evaluate(node, env);
    }
  }

  /** Gives a target the value's taint; subscripts and attributes add to their object's. */
  private bind(target: Node, value: Taint, env: Env, at: Node): void {
    switch (target.type) {
      case 'identifier':
        env.set(target.text, value.length === 0 ? CLEAN : withStep(value, this.step(at, `\`${short(at.text)}\``)));
        this.forgetGuardsOf(target.text);
        return;
      case 'attribute': {
        const key = chainKey(target);
        if (key) env.set(key, value.length === 0 ? CLEAN : withStep(value, this.step(at, `\`${short(at.text)}\``)));
        return;
      }
      case 'subscript': {
        const object = target.childForFieldName('value');
        this.headerAssignment(target, value);
        const key = object && chainKey(object);
        if (key && value.length > 0) env.set(key, union(env.get(key) ?? CLEAN, withStep(value, this.step(at, `\`${short(at.text)}\``))));
        return;
      }
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'expression_list':
        for (const child of target.namedChildren) if (child) this.bind(child.type === 'list_splat_pattern' ? child.firstNamedChild ?? child : child, value, env, at);
        return;
      case 'list_splat_pattern':
      case 'parenthesized_expression': {
        const inner = target.firstNamedChild;
        if (inner) this.bind(inner, value, env, at);
        return;
      }
      default:
        return;
    }
  }

  /** `response.headers["X"] = value`, `response["Location"] = value`: header sinks. */
  private headerAssignment(target: Node, value: Taint): void {
    if (value.length === 0) return;
    const object = target.childForFieldName('value');
    if (!object) return;
    for (const sink of this.catalog.assignmentSinks(object.text)) this.reportSink(sink, target, value, `\`${short(target.text)}\``);
  }

  private ifStatement(node: Node, env: Env): boolean {
    const condition = node.childForFieldName('condition');
    if (condition) this.evaluate(condition, env);
    const guard = condition ? this.guard(condition, env) : { whenTrue: [], whenFalse: [] };
    const consequence = node.childForFieldName('consequence');
    const thenEnv = copy(env);
    this.clean(thenEnv, guard.whenTrue);
    const thenExits = consequence ? this.block(consequence, thenEnv) : false;
    // elif/else chain: each further clause runs when the previous conditions were false.
    let elseEnv = copy(env);
    this.clean(elseEnv, guard.whenFalse);
    const branches: { env: Env; exits: boolean }[] = [{ env: thenEnv, exits: thenExits }];
    let sawElse = false;
    for (const clause of node.childrenForFieldName('alternative')) {
      if (!clause) continue;
      if (clause.type === 'elif_clause') {
        const elifCondition = clause.childForFieldName('condition');
        if (elifCondition) this.evaluate(elifCondition, elseEnv);
        const elifGuard = elifCondition ? this.guard(elifCondition, elseEnv) : { whenTrue: [], whenFalse: [] };
        const branch = copy(elseEnv);
        this.clean(branch, elifGuard.whenTrue);
        const body = clause.childForFieldName('consequence');
        branches.push({ env: branch, exits: body ? this.block(body, branch) : false });
        elseEnv = copy(elseEnv);
        this.clean(elseEnv, elifGuard.whenFalse);
      } else {
        sawElse = true;
        const body = clause.childForFieldName('body') ?? clause.namedChildren.find((c) => c?.type === 'block') ?? null;
        branches.push({ env: elseEnv, exits: body ? this.block(body, elseEnv) : false });
      }
    }
    if (!sawElse) branches.push({ env: elseEnv, exits: false });
    const continuing = branches.filter((branch) => !branch.exits);
    if (continuing.length === 0) return true;
    env.clear();
    for (const [name, taint] of continuing[0].env) env.set(name, taint);
    for (const branch of continuing.slice(1)) join(env, branch.env);
    return false;
  }

  /** `a if test else b`: each side seen with what the test proves on its way there. */
  private conditionalExpression(node: Node, env: Env): Taint {
    const [whenTrue, test, whenFalse] = node.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
    if (!test) return whenTrue ? this.evaluate(whenTrue, env) : CLEAN;
    this.evaluate(test, env);
    const guard = this.guard(test, env);
    const side = (value: Node | undefined, guarded: readonly Guarded[]) => {
      if (!value) return CLEAN;
      if (guarded.length === 0) return this.evaluate(value, env);
      const narrowed = copy(env);
      this.clean(narrowed, guarded);
      return this.evaluate(value, narrowed);
    };
    return union(side(whenTrue, guard.whenTrue), side(whenFalse, guard.whenFalse));
  }

  /** After `name = value`: what testing `name` proves, when `value` is a check (`ok = is_safe(url)`). */
  private rememberGuard(name: string, value: Node | null, env: Env): void {
    const guard = value && GUARD_EXPRESSIONS.has(value.type) ? this.guard(value, env) : undefined;
    if (guard && (guard.whenTrue.length > 0 || guard.whenFalse.length > 0)) this.guardNames.set(name, guard);
    else this.guardNames.delete(name);
  }

  /** A name given a new value: what earlier checks of it proved no longer holds (`ok = is_safe(url)`, then `url = …`). */
  private forgetGuardsOf(key: string): void {
    for (const [name, guard] of this.guardNames) {
      if ([...guard.whenTrue, ...guard.whenFalse].some((guarded) => guarded.key === key)) this.guardNames.delete(name);
    }
  }

  /** Names a condition proves safe when it is true, and when it is false. */
  private guard(condition: Node, env: Env): Guard {
    switch (condition.type) {
      case 'parenthesized_expression': {
        const inner = condition.firstNamedChild;
        return inner ? this.guard(inner, env) : { whenTrue: [], whenFalse: [] };
      }
      case 'not_operator': {
        const inner = condition.childForFieldName('argument');
        const guard = inner ? this.guard(inner, env) : { whenTrue: [], whenFalse: [] };
        return { whenTrue: guard.whenFalse, whenFalse: guard.whenTrue };
      }
      case 'boolean_operator': {
        const left = condition.childForFieldName('left');
        const right = condition.childForFieldName('right');
        const a = left ? this.guard(left, env) : { whenTrue: [], whenFalse: [] };
        const b = right ? this.guard(right, env) : { whenTrue: [], whenFalse: [] };
        const operator = condition.childForFieldName('operator')?.type ?? condition.children.find((c) => c?.type === 'and' || c?.type === 'or')?.type;
        // `A and B` is false when either is: a name is safe then only if both sides' falsehood proves it
        // (`if (url or ajax) and not is_safe(url): …` — url is empty or checked); `A or B` likewise when true.
        const both = (x: readonly Guarded[], y: readonly Guarded[]) => x.filter((guarded) => y.some((other) => other.key === guarded.key && other.kinds === undefined));
        return operator === 'and' ? { whenTrue: [...a.whenTrue, ...b.whenTrue], whenFalse: both(a.whenFalse, b.whenFalse) } : { whenTrue: both(a.whenTrue, b.whenTrue), whenFalse: [...a.whenFalse, ...b.whenFalse] };
      }
      case 'identifier':
      case 'attribute': {
        // A false value (None, an empty string) carries no input; a name holding a check's
        // outcome (`safe = is_safe(url)`) proves what the check does.
        const key = chainKey(condition);
        const held = condition.type === 'identifier' ? this.guardNames.get(condition.text) : undefined;
        return { whenTrue: held?.whenTrue ?? [], whenFalse: [...(key ? [{ key }] : []), ...(held?.whenFalse ?? [])] };
      }
      case 'comparison_operator': {
        const operands = condition.namedChildren.filter((c): c is Node => c !== null);
        const operators = condition.children.filter((c) => c && !c.isNamed).map((c) => c!.type);
        if (operands.length !== 2 || operators.length === 0) return { whenTrue: [], whenFalse: [] };
        const [left, right] = operands;
        const key = chainKey(left);
        if (!key) return { whenTrue: [], whenFalse: [] };
        const op = operators.join(' ');
        // Membership in a collection that is not itself untrusted: an allow-list.
        if ((op === 'in' || op === 'not in') && this.evaluate(right, env).length === 0) {
          return op === 'in' ? { whenTrue: [{ key }], whenFalse: [] } : { whenTrue: [], whenFalse: [{ key }] };
        }
        if ((op === '==' || op === '!=' || op === 'is' || op === 'is not') && this.model.literal(right) !== undefined) {
          return op === '==' || op === 'is' ? { whenTrue: [{ key }], whenFalse: [] } : { whenTrue: [], whenFalse: [{ key }] };
        }
        return { whenTrue: [], whenFalse: [] };
      }
      case 'call': {
        const fn = condition.childForFieldName('function');
        const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn?.text;
        if (!fn || !name || !VALIDATOR.test(name)) return { whenTrue: [], whenFalse: [] };
        const keys: Guarded[] = [];
        if (fn.type === 'attribute') {
          const receiver = fn.childForFieldName('object');
          const key = receiver && chainKey(receiver);
          // A prefix check contains a path only once `..` is resolved: `uploads/../../etc` starts
          // with `uploads/`. On a path never normalized it proves nothing for path sinks.
          const lexical = PREFIX_CHECKS.has(name) && receiver !== null && this.evaluate(receiver, env).some((origin) => !origin.normalized);
          if (key) keys.push(lexical ? { key, kinds: ALL_BUT_PATH } : { key });
        }
        for (const argument of condition.childForFieldName('arguments')?.namedChildren ?? []) {
          const value = argument?.type === 'keyword_argument' ? argument.childForFieldName('value') : argument;
          const key = value && chainKey(value);
          if (key) keys.push({ key });
        }
        return { whenTrue: keys, whenFalse: [] };
      }
      default:
        return { whenTrue: [], whenFalse: [] };
    }
  }

  private clean(env: Env, guarded: readonly Guarded[]): void {
    for (const { key, kinds } of guarded) {
      const taint = env.get(key) ?? this.evaluateKey(key, env);
      if (taint.length > 0) env.set(key, cleaned(taint, kinds));
    }
  }

  /** A guarded name not yet in the environment (a source read inline): clean it all the same. */
  private evaluateKey(_key: string, _env: Env): Taint {
    return CLEAN;
  }

  // ---- expressions ----

  private evaluate(node: Node, env: Env): Taint {
    if (this.depth > MAX_DEPTH) return CLEAN;
    this.depth++;
    try {
      return this.evaluateNode(node, env);
    } finally {
      this.depth--;
    }
  }

  private evaluateNode(node: Node, env: Env): Taint {
    switch (node.type) {
      case 'identifier': {
        const known = env.get(node.text);
        if (known) return known;
        return this.referenceSource(node);
      }
      case 'attribute':
        return this.attribute(node, env);
      case 'subscript': {
        const value = node.childForFieldName('value');
        const indexes = node.childrenForFieldName('subscript');
        for (const index of indexes) if (index) this.evaluate(index, env);
        if (value && indexes.length === 1 && indexes[0] && this.serverSet(value, indexes[0])) return CLEAN;
        return value ? this.widenFresh(this.evaluate(value, env), value, node) : CLEAN;
      }
      case 'call':
        return this.call(node, env);
      case 'string':
      case 'concatenated_string': {
        let taint: Taint = CLEAN;
        for (const interpolation of node.descendantsOfType('interpolation')) {
          const expression = interpolation?.firstNamedChild;
          if (expression) taint = union(taint, this.evaluate(expression, env));
        }
        return taint;
      }
      case 'binary_operator': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const rightTaint = right ? this.evaluate(right, env) : CLEAN;
        // `BASE / name` with BASE a pathlib path joins a segment, as `Path(BASE, name)` does.
        if (left && rightTaint.length > 0 && node.childForFieldName('operator')?.text === '/') {
          for (const sink of this.slashJoinSinks(left)) this.reportSink(sink, node, rightTaint, `\`${short(node.text)}\``);
        }
        return union(left ? this.evaluate(left, env) : CLEAN, rightTaint);
      }
      case 'conditional_expression':
        return this.conditionalExpression(node, env);
      case 'boolean_operator':
      case 'list':
      case 'tuple':
      case 'set':
      case 'dictionary':
      case 'pair':
      case 'expression_list':
      case 'parenthesized_expression':
      case 'await':
      case 'list_splat':
      case 'dictionary_splat':
      case 'keyword_argument':
      case 'slice':
      case 'unary_operator': {
        let taint: Taint = CLEAN;
        for (const child of node.namedChildren) if (child && child.type !== 'comment') taint = union(taint, this.evaluate(child, env));
        return taint;
      }
      case 'named_expression': {
        const name = node.childForFieldName('name');
        const value = node.childForFieldName('value');
        const taint = value ? this.evaluate(value, env) : CLEAN;
        if (name) this.bind(name, taint, env, node);
        return taint;
      }
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension':
        return this.comprehension(node, env);
      case 'comparison_operator':
      case 'not_operator':
        for (const child of node.namedChildren) if (child) this.evaluate(child, env);
        return CLEAN;
      default:
        return CLEAN;
    }
  }

  private comprehension(node: Node, env: Env): Taint {
    const inner = copy(env);
    for (const clause of node.namedChildren) {
      if (clause?.type !== 'for_in_clause') continue;
      const right = clause.childForFieldName('right');
      const left = clause.childForFieldName('left');
      if (left) this.bind(left, right ? this.evaluate(right, inner) : CLEAN, inner, clause);
    }
    for (const clause of node.namedChildren) if (clause?.type === 'if_clause') this.evaluate(clause.firstNamedChild ?? clause, inner);
    const body = node.childForFieldName('body');
    return body ? this.evaluate(body, inner) : CLEAN;
  }

  private attribute(node: Node, env: Env): Taint {
    const key = chainKey(node);
    if (key) {
      const known = env.get(key);
      if (known) return known;
    }
    const source = this.referenceSource(node);
    if (source.length > 0) return source;
    const object = node.childForFieldName('object');
    const name = node.childForFieldName('attribute')?.text;
    if (!object || !name || this.catalog.isOpaqueAttribute(name)) return CLEAN;
    const base = this.evaluate(object, env);
    if (base.length === 0) return CLEAN;
    const read: Origin[] = [];
    for (const origin of base) {
      if (!origin.fields) {
        // A parameter remembers what was first read from it: a request object passed in is input
        // only if that is one of the request's untrusted fields (see throughCallee).
        read.push(origin.parameter !== undefined && origin.read === undefined ? { ...origin, read: name } : origin);
      } else if (origin.fields.includes(name)) {
        // A request object's untrusted attribute: a source of its own.
        read.push({ label: node.text, trust: origin.trust, steps: [this.step(node, `\`${short(node.text)}\` is read from the request`)] });
      }
    }
    return read;
  }

  private referenceSource(node: Node): Taint {
    const name = this.model.resolve(node);
    if (name === undefined) return CLEAN;
    const source = this.catalog.referenceSource(name);
    if (!source) return CLEAN;
    return [{ label: node.text, trust: source.trust, steps: [this.step(node, `\`${short(node.text)}\` is untrusted input`)] }];
  }

  /**
   * `request.args['url']`, `request.args.get('url')`: a source read just now is labelled by the
   * whole expression, so the message names the parameter the attacker controls.
   */
  private widenFresh(taint: Taint, inner: Node, outer: Node): Taint {
    const [anchor, base] = this.anchorOf(inner.startIndex);
    const start = inner.startIndex - base;
    return taint.map((origin) => {
      const first = origin.steps[0];
      if (origin.steps.length !== 1 || origin.parameter !== undefined || origin.fields || first.anchor !== anchor || first.start !== start) return origin;
      return { ...origin, label: outer.text, steps: [this.step(outer, `\`${short(outer.text)}\` is untrusted input`)] };
    });
  }

  private call(node: Node, env: Env): Taint {
    const fn = node.childForFieldName('function');
    if (!fn) return CLEAN;
    const qualifiedName = this.model.resolve(fn);
    const isMethod = fn.type === 'attribute';
    const method = isMethod ? fn.childForFieldName('attribute')?.text : fn.type === 'identifier' ? fn.text : undefined;
    const receiverNode = isMethod ? fn.childForFieldName('object') : null;
    const site = new CallSite(node, qualifiedName);
    // Keyed by the call site's own argument nodes, which the sinks below look up (a keyword's
    // value read again from the tree would be another Node object).
    const argumentTaints = new Map<Node, Taint>();
    let argumentsTaint: Taint = CLEAN;
    for (const argument of site.arguments) {
      const taint = this.evaluate(argument.value, env);
      argumentTaints.set(argument.value, taint);
      argumentsTaint = union(argumentsTaint, taint);
    }
    for (const child of site.hasStarArgs || site.hasStarKwargs ? (site.argumentList?.namedChildren ?? []) : []) {
      if (child?.type === 'list_splat' || child?.type === 'dictionary_splat') argumentsTaint = union(argumentsTaint, this.evaluate(child, env));
    }
    const receiver = isMethod ? this.evaluate(fn, env) : CLEAN;

    for (const sink of this.catalog.sinks(qualifiedName, isMethod ? method : undefined, receiverNode?.text)) {
      if (!sinkApplies(sink.when, site, this.model)) continue;
      for (const [index, name] of sink.arguments) {
        const argument = index >= 0 ? site.argument(index, name) : site.keyword(name);
        if (!argument) continue;
        const taint = this.sinkArgumentTaint(sink, argument.value, argumentTaints.get(argument.value) ?? CLEAN, env);
        this.reportSink(sink, node, taint, `\`${short(fn.text)}\``);
      }
    }

    const source = this.catalog.callSource(qualifiedName, isMethod ? method : undefined);
    if (source) return [{ label: short(node.text), trust: source.trust, steps: [this.step(node, `\`${short(node.text)}\` is untrusted input`)] }];
    const sanitizer = this.catalog.sanitizer(qualifiedName, isMethod ? method : undefined);
    if (sanitizer) return cleaned(union(receiver, argumentsTaint), sanitizer.kinds);
    if (this.catalog.isPathNormalizer(qualifiedName, isMethod ? method : undefined)) return union(receiver, argumentsTaint).map((origin) => ({ ...origin, normalized: true }));
    if (this.catalog.isOpaque(qualifiedName)) return CLEAN;

    // A request object passed on may be input too: the callee may read its fields (see throughCallee).
    const origins = [receiver, ...argumentTaints.values()].flat();
    const requestFields = [...new Set(origins.flatMap((origin) => origin.fields ?? []))];
    const carries: Carried = origins.some((origin) => origin.parameter === undefined && !origin.fields)
      ? 'input'
      : requestFields.length > 0 ? 'request' : origins.length > 0 ? 'parameters' : 'nothing';
    const callee = this.resolver.callee(node, qualifiedName, this.unit, carries, requestFields);
    if (callee) return this.throughCallee(node, site, callee, argumentTaints, receiver);

    if (isMethod && receiverNode && method && MUTATORS.has(method) && argumentsTaint.length > 0) {
      const key = chainKey(receiverNode);
      if (key) env.set(key, union(env.get(key) ?? CLEAN, withStep(argumentsTaint, this.step(node, `\`${short(node.text)}\``))));
    }
    // `request.META.get("REMOTE_ADDR")`: set by the server.
    if (isMethod && method === 'get' && receiverNode && site.arguments[0]?.index === 0 && this.serverSet(receiverNode, site.arguments[0].value)) return CLEAN;
    // `TOOLS.get(name, default)` on a dict literal: like `TOOLS[name]`, a value of the dict (or the
    // default), whatever the key.
    if (isMethod && method === 'get' && receiverNode && this.isDictLiteral(receiverNode)) {
      const fallback = site.argument(1, 'default');
      return this.widenFresh(union(receiver, fallback ? (argumentTaints.get(fallback.value) ?? CLEAN) : CLEAN), fn, node);
    }
    // Unknown code: the values that go in come out. A request object does not: what unknown code
    // makes of one (`response = view(request)`) is something else, whose `headers` are not the request's.
    // `s.replace(old, new)`: what is replaced does not end up in the result.
    const replacing = isMethod && method === 'replace' && site.arguments.length >= 2 && site.arguments.every((argument) => argument.index !== undefined);
    const goesIn = replacing ? unionAll([receiver, ...site.arguments.filter((argument) => argument.index !== 0).map((argument) => argumentTaints.get(argument.value) ?? CLEAN)]) : union(receiver, argumentsTaint);
    const result = this.widenFresh(goesIn.filter((origin) => !origin.fields), fn, node);
    // `s.replace("\n", "")`: no line break is left to forge a log line with.
    return replacing && this.removesLineBreaks(site) ? cleaned(result, ['log']) : result;
  }

  /** `container[key]` with a constant key the server sets (`request.META["REMOTE_ADDR"]`). */
  private serverSet(container: Node, key: Node): boolean {
    const literal = this.model.literal(key)?.value;
    return typeof literal === 'string' && this.catalog.isServerSet(literal, () => container.text);
  }

  /** The taint of a sink's argument as the sink sees it (a list command's program, a URL's host). */
  private sinkArgumentTaint(sink: SinkSpec, value: Node, taint: Taint, env: Env): Taint {
    // A command list's program is its first item, also when a name holds the list (`cmd = [GIT, …]`).
    const list = sink.shape === 'command' ? this.listValue(value) : undefined;
    if (list) {
      const program = list.namedChildren.find((c) => c && c.type !== 'comment');
      return program && program.type !== 'list_splat' ? this.evaluate(program, env) : program ? taint : CLEAN;
    }
    if ((sink.shape === 'url' && hostIsFixed(value, this.model)) || (sink.shape === 'redirect' && pathIsFixed(value, this.model))) return CLEAN;
    if ((sink.shape === 'url' || sink.shape === 'redirect') && this.builtOnTrustedBase(value, env)) return CLEAN;
    return taint;
  }

  /**
   * `client.get_redirect_url(auth_url, params)`, `reverse("post", args=[slug])`: a URL that code
   * we have no model for builds from a base URL (its first argument, by convention) carrying no
   * input, called on a receiver carrying none: the input goes into its path or query, not its
   * host. `urljoin` is modelled apart: an absolute second argument replaces the base.
   */
  private builtOnTrustedBase(value: Node, env: Env): boolean {
    const call = value.type === 'identifier' ? this.lastAssigned(value) : value;
    const fn = call?.type === 'call' ? call.childForFieldName('function') : null;
    if (!call || !fn) return false;
    const name = this.model.resolve(fn);
    const method = fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
    if ((name !== undefined && HOST_REPLACING_CALLS.has(name)) || (method !== undefined && STRING_BUILDERS.has(method))) return false;
    const receiver = fn.type === 'attribute' ? fn.childForFieldName('object') : null;
    if (receiver && this.evaluate(receiver, env).length > 0) return false;
    const base = new CallSite(call, name).positional(0);
    return base !== undefined && base.value.type !== 'list_splat' && this.evaluate(base.value, env).length === 0;
  }

  /** `s.replace("\n", x)` with `x` a constant without a line break. */
  private removesLineBreaks(site: CallSite): boolean {
    const [old, replacement] = [site.positional(0), site.positional(1)];
    if (!old || !replacement) return false;
    const [from, to] = [this.model.literal(old.value), this.model.literal(replacement.value)];
    // Literal values keep escape sequences as written: `"\\n"` is a backslash and an `n`.
    const lineBreak = (value: unknown) => typeof value === 'string' && /\\[rn]|[\r\n]/.test(value);
    return (from?.value === '\\n' || from?.value === '\n') && typeof to?.value === 'string' && !lineBreak(to.value);
  }

  /**
   * The sinks `operand / value` is (`BASE / name` of pathlib): those of the instance the operand
   * is, a name bound to one, its `.parent`…, or a path joined with `/` again.
   */
  private slashJoinSinks(operand: Node): SinkSpec[] {
    if (operand.type === 'binary_operator' && operand.childForFieldName('operator')?.text === '/') {
      const left = operand.childForFieldName('left');
      return left ? this.slashJoinSinks(left) : [];
    }
    const instance = this.model.resolve(operand);
    return instance === undefined ? [] : this.catalog.slashJoinSinks(instance);
  }

  /** The expression a name was last assigned where it is read (`TOOLS = {…}`, `cmd = [GIT, …]`). */
  private lastAssigned(name: Node): Node | undefined {
    if (name.type !== 'identifier') return undefined;
    const binding = this.model.lookup(name.text, name);
    if (binding?.kind !== 'assign' || binding.valueStart === undefined) return undefined;
    return this.model.nodeAt(binding.valueStart, binding.valueEnd!);
  }

  /** Whether a name was last assigned a dict literal (`TOOLS = {"git": "/usr/bin/git"}`). */
  private isDictLiteral(name: Node): boolean {
    return this.lastAssigned(name)?.type === 'dictionary';
  }

  /** The list or tuple literal a value is, or that the name it is was last assigned. */
  private listValue(value: Node): Node | undefined {
    const list = value.type === 'identifier' ? this.lastAssigned(value) : value;
    return list && (list.type === 'list' || list.type === 'tuple') ? list : undefined;
  }

  private reportSink(sink: SinkSpec, at: Node, taint: Taint, sinkLabel: string): void {
    let sanitized = false;
    for (const origin of taint) {
      if (origin.fields) continue;
      if (isCleanFor(origin, sink.kind)) {
        sanitized = true;
        continue;
      }
      this.hits.push({ sink, sinkLabel, at: this.step(at, `reaches ${sinkLabel}`), origin });
    }
    const [anchor, base] = this.anchorOf(at.startIndex);
    if (sanitized && sink.lowerWhenSanitized && !this.hits.some((hit) => hit.sink === sink && hit.at.anchor === anchor && hit.at.start === at.startIndex - base)) {
      this.cleanHits.push({ rule: sink.rule, at: this.step(at, 'sanitized') });
    }
  }

  /** A call into a function with a summary: its sinks see our arguments, its result our taint. */
  private throughCallee(node: Node, site: CallSite, callee: Callee, argumentTaints: Map<Node, Taint>, receiver: Taint): Taint {
    const { summary } = callee;
    const offset = summary.method && node.childForFieldName('function')?.type === 'attribute' ? 1 : 0;
    // What goes into a parameter: values as they are; a request object only where the callee reads
    // one of its untrusted fields from it (`def filters(request): return request.GET`).
    const taintOf = (parameter: number, read: string | undefined): Taint => {
      const name = summary.parameters[parameter];
      const argument = offset === 1 && parameter === 0 ? undefined : site.argument(parameter - offset, name);
      const incoming = offset === 1 && parameter === 0 ? receiver : argument ? (argumentTaints.get(argument.value) ?? CLEAN) : CLEAN;
      return incoming.flatMap((o): Origin[] => {
        if (!o.fields) return [o];
        return read !== undefined && o.fields.includes(read) ? [{ label: `${o.label}.${read}`, trust: o.trust, steps: o.steps }] : [];
      });
    };
    // "passed to `fetch(url)`": the parameter that receives the value (the receiver of a method: `…`).
    const callStep = (parameter: number) => this.step(node, `passed to \`${callee.name}(${(summary.method && parameter === 0) || !summary.parameters[parameter] ? '…' : summary.parameters[parameter]})\``);
    for (const hit of summary.hits) {
      if (hit.origin.parameter === undefined) continue;
      for (const origin of taintOf(hit.origin.parameter, hit.origin.read)) {
        if (isCleanFor(origin, hit.sink.kind)) continue;
        const step = callStep(hit.origin.parameter);
        const steps = appendSteps(origin.steps, [step, ...hit.origin.steps.slice(1)]);
        this.hits.push({ ...hit, origin: { ...origin, steps }, entry: hit.entry ?? (callee.external ? step : undefined) });
      }
    }
    let result: Taint = CLEAN;
    for (const returned of summary.returns) {
      if (returned.parameter === undefined) {
        result = union(result, [{ ...returned, steps: appendSteps(returned.steps, [this.step(node, `returned by \`${callee.name}(…)\``)]) }]);
        continue;
      }
      const incoming = taintOf(returned.parameter, returned.read).map((origin) => ({
        ...origin,
        steps: appendSteps(origin.steps, [callStep(returned.parameter!), ...returned.steps.slice(1)]),
        cleaned: mergeCleaned(origin.cleaned, returned.cleaned),
        ...(origin.normalized || returned.normalized ? { normalized: true } : {}),
      }));
      result = union(result, incoming);
    }
    return result;
  }
}

function mergeCleaned(a: Origin['cleaned'], b: Origin['cleaned']): Origin['cleaned'] {
  if (a === 'all' || b === 'all') return 'all';
  if (!a) return b;
  if (!b) return a;
  return new Set([...a, ...b]);
}

/** Which names hold which origins (not their paths): equal shapes flow alike from here on. */
function shape(env: Env): string {
  const parts: string[] = [];
  for (const [name, taint] of env) {
    if (taint.length === 0) continue;
    parts.push(`${name}=${taint.map((o) => `${o.label}|${o.parameter}|${o.cleaned === 'all' ? 'all' : o.cleaned ? [...o.cleaned].join('+') : ''}`).join(',')}`);
  }
  return parts.sort().join(';');
}

function copy(env: Env): Env {
  return new Map(env);
}

/** Joins another path's environment into `env`: a name tainted on either path is tainted. */
function join(env: Env, other: Env): void {
  for (const [name, taint] of other) env.set(name, union(env.get(name) ?? CLEAN, taint));
}

/** `a.b.c` for identifiers and attribute chains of identifiers (what the environment is keyed by). */
export function chainKey(node: Node): string | undefined {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = node.childForFieldName('object');
    const attribute = node.childForFieldName('attribute');
    const base = object && chainKey(object);
    return base && attribute ? `${base}.${attribute.text}` : undefined;
  }
  return undefined;
}

function isExpression(node: Node): boolean {
  return !node.type.endsWith('_statement') && node.type !== 'block' && node.type !== 'comment';
}

export function short(text: string, max = 40): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** The literal text a URL or path expression starts with, before any run-time value. */
function constantPrefix(node: Node, model: SemanticModel): string | undefined {
  switch (node.type) {
    case 'string': {
      const interpolation = node.descendantsOfType('interpolation')[0];
      const content = node.text.replace(/^[a-zA-Z]*("""|'''|"|')/, '');
      if (!interpolation) return model.literal(node)?.value as string | undefined;
      return content.slice(0, interpolation.startIndex - node.startIndex - (node.text.length - content.length));
    }
    case 'binary_operator': {
      const left = node.childForFieldName('left');
      const operator = node.childForFieldName('operator')?.text ?? node.children[1]?.text;
      if (!left) return undefined;
      if (operator === '%') {
        const template = model.literal(left)?.value;
        return typeof template === 'string' ? template.slice(0, Math.max(0, template.indexOf('%'))) : undefined;
      }
      return constantPrefix(left, model);
    }
    case 'call': {
      // "https://host/{}".format(x)
      const fn = node.childForFieldName('function');
      if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'format') return undefined;
      const object = fn.childForFieldName('object');
      const template = object && model.literal(object)?.value;
      return typeof template === 'string' ? template.slice(0, Math.max(0, template.indexOf('{'))) : undefined;
    }
    case 'identifier': {
      const value = model.assignedValue(node);
      return value && value.type !== 'identifier' ? constantPrefix(value, model) : (model.literal(node)?.value as string | undefined);
    }
    default:
      return undefined;
  }
}

/** `f"https://api.example.com/{x}"`: the host is fixed, a value after it is not SSRF. */
function hostIsFixed(node: Node, model: SemanticModel): boolean {
  const prefix = constantPrefix(node, model);
  return prefix !== undefined && /^[a-z][a-z0-9+.-]*:\/\/[^/?#{}%]+[/?#]/i.test(prefix);
}

/** `"/profile/" + name`: a local path, not an open redirect. */
function pathIsFixed(node: Node, model: SemanticModel): boolean {
  const prefix = constantPrefix(node, model);
  return prefix !== undefined && (/^\/[^/\\]/.test(prefix) || /^[a-z][a-z0-9+.-]*:\/\/[^/?#{}%]+[/?#]/i.test(prefix));
}
