// The vocabulary of the flow models: what a source, a sink and a sanitizer are, as data. The
// models under `models/` fill it in per framework or library; nothing here knows a library.

/**
 * How far a value is trusted. Remote input and model output are attacker-controlled; a
 * command-line tool's own arguments are the user's; the environment is the operator's.
 */
export type Trust = 'remote' | 'model' | 'local' | 'environment';

/** What a sink does with a value, which decides which sanitizers clean it for that sink. */
export const SINK_KINDS = [
  'sql',
  'shell',
  /** The program a process runs without a shell (the command string, a list's first item). */
  'program',
  'code',
  'deserialization',
  'xml',
  'template',
  'xpath',
  'jwt',
  'ssrf',
  'path',
  'redirect',
  'xss',
  'ldap',
  'regex',
  'header',
  'log',
] as const;

export type SinkKind = (typeof SINK_KINDS)[number];

/** Qualified names are dotted, `*` matches one segment and `**` any run (as rule triggers). */
export type QualifiedPattern = string;

/** Where a value enters: a reference (`flask.request.args`) or the result of a call (`input()`). */
export interface SourceSpec {
  /** Qualified names of references whose value is untrusted. */
  references?: readonly QualifiedPattern[];
  /** Qualified names of callables whose result is untrusted. */
  calls?: readonly QualifiedPattern[];
  /** Methods whose result is untrusted whatever the receiver (`conn.recv`). */
  methods?: readonly string[];
  trust: Trust;
  /** Off unless the configuration turns it on (`os.environ`). */
  optIn?: boolean;
}

/**
 * Functions whose parameters are untrusted: request handlers, tool handlers. A function is one
 * when a decorator's callee matches, or a parameter's annotation does, or (Django) it is a
 * view: its first parameter after `self` is named `request` in a module importing the framework.
 */
export interface HandlerSpec {
  framework: string;
  decorators?: readonly QualifiedPattern[];
  /** Annotations (qualified) that make a parameter the request object. */
  requestAnnotations?: readonly QualifiedPattern[];
  /**
   * Django-style views: a parameter with this name after `self`, in a module importing
   * `module`. The other parameters (URL captures) are untrusted only in modules whose path
   * matches `viewModules`, and only for functions the module does not call itself (a helper
   * taking `request` gets its values from its caller, whose flow is followed).
   */
  requestParameter?: { name: string; module: string; viewModules: RegExp };
  /**
   * Classes whose subclasses' methods handle a request on `self` (http.server's
   * `BaseHTTPRequestHandler`: `self.path`, `self.headers`): `self` is the request object.
   */
  classBases?: readonly QualifiedPattern[];
  /**
   * With `requestParameter`: in a module importing its framework, this attribute of `self` is the
   * request object in every method (`self.request` of Django's class-based views, their mixins,
   * forms given the request).
   */
  selfAttribute?: string;
  /** The request object's untrusted attributes and methods; other attributes are clean. */
  requestFields?: readonly string[];
  /** Whether the other parameters are untrusted too (route, query and body values). */
  parametersUntrusted: boolean;
  /**
   * Parameters with a default, and `*args`/`**kwargs`, are configuration or pass-through, not
   * input (Django's URL patterns pass extra keyword arguments such as `document_root`; URL
   * captures are named and have no default).
   */
  defaultsAreConfiguration?: boolean;
  /** Defaults that make a parameter framework-provided, not input (`Depends(...)`). */
  providedDefaults?: readonly QualifiedPattern[];
  /**
   * The framework converts each parameter to its annotation (FastAPI, MCP tools: pydantic), so a
   * parameter annotated as a number, UUID, date, enum or literal cannot carry an injection.
   */
  validatesAnnotations?: boolean;
  /** Route parameters with a converter (`/items/<int:id>`, Flask) arrive converted, not as text. */
  routeConverters?: boolean;
  trust: Trust;
}

/** A condition a sink call must meet, by name (see `conditions.ts`). */
export type SinkCondition = 'shell-true' | 'no-shell' | 'unsafe-yaml-loader' | 'torch-unsafe' | 'jwt-unverified' | 'html-content';

/**
 * How to read the dangerous argument: `url` and `redirect` are safe when a constant prefix
 * fixes the host (`f"https://api.example.com/{x}"`, `"/profile/" + x`); `command` looks only at
 * the program of a list-form command (`["git", "log", x]` is not an injection).
 */
export type ArgumentShape = 'value' | 'url' | 'redirect' | 'command';

export interface SinkSpec {
  /** The rule that reports a flow into this sink; skipped when the rule is not registered. */
  rule: string;
  kind: SinkKind;
  calls?: readonly QualifiedPattern[];
  methods?: readonly string[];
  /** Assignments to a subscript of a receiver whose text matches (`response.headers["X"] = v`). */
  subscriptAssignments?: RegExp;
  /**
   * `instance / value` on an instance of one of `calls` passes `value` as one more argument
   * (pathlib's `BASE / name` joins a segment, as `Path(BASE, name)` does).
   */
  slashJoins?: boolean;
  /** For `methods`: the receiver's text must match (`Model.objects.raw`). */
  receiver?: RegExp;
  /** The dangerous arguments: position and keyword name; `-1` for keyword-only. */
  arguments: readonly (readonly [number, string])[];
  when?: SinkCondition;
  shape?: ArgumentShape;
  /**
   * When the dangerous argument is provably sanitized, the rule's own pattern finding at this
   * call drops to low confidence.
   */
  lowerWhenSanitized?: boolean;
}

/** Calls whose result is safe for some or all sinks (`int()`, `shlex.quote`). */
export interface SanitizerSpec {
  calls?: readonly QualifiedPattern[];
  methods?: readonly string[];
  /** The sinks it makes a value safe for; all when absent. */
  kinds?: readonly SinkKind[];
}

/** One framework's or library's share of the models. */
export interface FlowModel {
  name: string;
  sources?: readonly SourceSpec[];
  handlers?: readonly HandlerSpec[];
  sinks?: readonly SinkSpec[];
  sanitizers?: readonly SanitizerSpec[];
  /**
   * Calls whose result carries nothing of their arguments (`len`, `isinstance`): they stop
   * taint without being sanitizers of any sink.
   */
  opaque?: readonly QualifiedPattern[];
  /**
   * Calls that resolve `..` in a path (`os.path.realpath`), and methods that do (`Path.resolve`):
   * a prefix check of their result keeps a path inside a folder.
   */
  pathNormalizers?: { calls?: readonly QualifiedPattern[]; methods?: readonly string[] };
  /** Calls that never return (`abort(400)`, `sys.exit()`): a branch ending in one leaves. */
  noReturn?: readonly QualifiedPattern[];
  /**
   * Attributes whose value carries nothing of the object's data, whatever the object
   * (`obj.__class__`, Django's `obj._meta`: the model's class metadata).
   */
  opaqueAttributes?: readonly string[];
  /**
   * Entries of an untrusted mapping that the server sets, not the client: `request.META["REMOTE_ADDR"]`
   * is the peer's IP address. `container` matches the mapping's text (`request.META`).
   */
  serverSetKeys?: readonly { container: RegExp; keys: readonly string[] }[];
}
