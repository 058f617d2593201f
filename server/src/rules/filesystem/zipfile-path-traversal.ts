import type { Node } from 'web-tree-sitter';
import { defineRule, type RuleContext } from '../../engine/rule';
import { archiveKind } from './archives';
import { brief, valueOfName } from './file-values';

const OPENERS = new Set(['builtins.open', 'io.open', 'codecs.open']);
const COPIES = new Set(['shutil.copy', 'shutil.copy2', 'shutil.copyfile', 'shutil.move']);
const BASENAMES = new Set(['os.path.basename', 'posixpath.basename', 'ntpath.basename']);
/** Attributes of a path that drop its directories: `Path(name).name`. */
const LAST_PART = new Set(['name', 'stem', 'suffix']);
/** ZipInfo attributes holding the member's name. */
const NAME_ATTRIBUTES = new Set(['filename', 'orig_filename']);
/** Where member names come from; code without any of these has nothing to report. */
const MEMBER_LISTING = /\b(?:namelist|infolist|filelist|getinfo)\b/;
/** Names of functions and methods that check or clean a path: a check written by the project. */
const CHECKS = /safe|secure|saniti[sz]|valid\w*path|path\w*valid|within|inside|travers|commonpath|commonprefix|is_relative_to|relative_to/i;
/** Normalising calls that, with a `startswith` test in the same function, make a containment check. */
const NORMALISERS = new Set(['realpath', 'abspath', 'normpath', 'resolve']);
const MAX_NODES = 5000;

interface Source {
  /** The member name as written: `info.filename`, `name`. */
  node: Node;
  confidence: 'high' | 'medium';
}

export default defineRule({
  meta: {
    id: 'PW956',
    name: 'zipfile-path-traversal',
    title: 'File written to a path built from a zip member name (zip slip)',
    category: 'filesystem',
    // No Bandit or Ruff equivalent: B202/S202 are about tarfile, and zipfile's own extract and
    // extractall sanitise member names. High: writing outside the destination usually leads to
    // code execution (a planted script, `.bashrc`, `authorized_keys`, a cron job).
    severity: 'high',
    confidence: 'high',
    cwe: 22,
    fixable: false,
    offInTests: true,
    docs: {
      what: 'Finds code that extracts zip members by hand — a path built from a member name (`info.filename` from `infolist()`, or a name from `namelist()`) with `os.path.join`, `/`, an f-string or `+`, then written with `open(..., "wb")`, `Path.write_bytes`, `Path.open("w")`, `os.open` or `shutil.copy` — in a function that does not check the path. `ZipFile.extract` and `extractall` are not reported: CPython already strips `..`, drive letters and leading slashes there.',
      why: 'Member names are chosen by whoever made the archive. A member called `../../home/app/.ssh/authorized_keys` or `/etc/cron.d/job` joined to the destination points outside it ("zip slip"), so unpacking an uploaded or downloaded archive overwrites any file the process can write, often leading to code execution.',
      example: 'import os\nimport zipfile\n\nwith zipfile.ZipFile(upload) as archive:\n    for info in archive.infolist():\n        target = os.path.join(dest, info.filename)\n        with open(target, "wb") as out:\n            out.write(archive.read(info))',
      safe: 'import zipfile\n\nwith zipfile.ZipFile(upload) as archive:\n    for info in archive.infolist():\n        archive.extract(info, dest)  # sanitises the member name\n\n# Or, when writing by hand, check the resolved path:\n#     target = (dest / info.filename).resolve()\n#     if not target.is_relative_to(dest.resolve()):\n#         raise ValueError(f"unsafe member {info.filename!r}")',
      references: [
        'https://cwe.mitre.org/data/definitions/22.html',
        'https://docs.python.org/3/library/zipfile.html#zipfile.ZipFile.extract',
        'https://security.snyk.io/research/zip-slip-vulnerability',
      ],
    },
  },
  // Triggered where member names are listed (rare); the check then reads the whole function
  // (or the module's own statements) holding the listing.
  // The whole function (or the module's own statements) holding the listing.
  reads: ['function'],
  tokens: ['namelist', 'infolist', 'filelist', 'getinfo'],

  checkToken(token, context) {
    let scope: Node = token.node;
    while (scope.parent && scope.type !== 'function_definition') scope = scope.parent;
    this.checkNode!(scope, context);
  },

  checkNode(scope, context) {
    // Sites are whole functions and the module, re-checked on every edit inside them: a quick
    // look at the text keeps that cheap where no member names are listed at all.
    if (!MEMBER_LISTING.test(scope.text)) return;
    const { sinks, checked } = scan(scope);
    if (checked || sinks.length === 0) return;
    for (const sink of sinks) {
      const path = writtenPath(sink, context);
      if (!path) continue;
      const source = memberName(path, context, 0, { left: 300 });
      if (!source) continue;
      context.report(sink, {
        message: `\`${brief(source.node.text, 30)}\` is a zip member name: \`../\` in it writes outside the destination (zip slip); use \`extract()\`.`,
        confidence: source.confidence,
      });
    }
  },
});

/** The calls in a scope's own code (not nested functions or classes), and whether it checks paths. */
function scan(scope: Node): { sinks: Node[]; checked: boolean } {
  const sinks: Node[] = [];
  let checked = false;
  let normalises = false;
  let startswith = false;
  const body = scope.type === 'module' ? scope : scope.childForFieldName('body');
  if (!body) return { sinks, checked };
  const stack: Node[] = [...body.namedChildren.filter((n): n is Node => !!n)];
  let budget = MAX_NODES;
  while (stack.length > 0 && budget-- > 0) {
    const node = stack.pop()!;
    if (node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'lambda' || node.type === 'comment') continue;
    if (node.type === 'decorated_definition') continue;
    if (node.type === 'call') {
      sinks.push(node);
      const callee = node.childForFieldName('function');
      const name = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
      if (name && CHECKS.test(name)) checked = true;
      if (name && NORMALISERS.has(name)) normalises = true;
      if (name === 'startswith') startswith = true;
    } else if (node.type === 'string') {
      // `if ".." in name`, `name.startswith("/")`: the code looks at traversal itself.
      const content = node.namedChildren.filter((c) => c?.type === 'string_content').map((c) => c!.text).join('');
      if (content === '..' || content.startsWith('../') || content.startsWith('..\\')) checked = true;
    }
    for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return { sinks, checked: checked || (normalises && startswith) };
}

/** The path a call writes to, if it is a write: `open(p, "wb")`, `p.write_bytes(...)`, `shutil.copy(src, p)`. */
function writtenPath(call: Node, context: RuleContext): Node | undefined {
  const callee = call.childForFieldName('function');
  const list = call.childForFieldName('arguments');
  if (!callee || list?.type !== 'argument_list') return undefined;
  const args = list.namedChildren.filter((n): n is Node => !!n && n.type !== 'comment');
  const positional = args.filter((a) => a.type !== 'keyword_argument' && a.type !== 'list_splat' && a.type !== 'dictionary_splat');
  const keyword = (name: string) => args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name)?.childForFieldName('value') ?? undefined;
  const name = context.model.resolve(callee);
  if (name && OPENERS.has(name)) {
    const mode = keyword('mode') ?? positional[1];
    return mode && writes(mode, context) ? (keyword('file') ?? keyword('filename') ?? positional[0]) : undefined;
  }
  if (name === 'os.open') {
    const flags = keyword('flags') ?? positional[1];
    return flags && /O_(?:WRONLY|RDWR|CREAT|APPEND|TRUNC)/.test(flags.text) ? (keyword('path') ?? positional[0]) : undefined;
  }
  if (name && COPIES.has(name)) return keyword('dst') ?? positional[1];
  if (callee.type !== 'attribute') return undefined;
  const method = callee.childForFieldName('attribute')?.text;
  const receiver = callee.childForFieldName('object')!;
  if (method === 'write_bytes' || method === 'write_text') return receiver;
  if (method === 'open') {
    // `Path.open("wb")`; `ZipFile.open(name, "w")` writes into the archive instead.
    if (archiveKind(receiver, context.model) === 'zip') return undefined;
    const mode = keyword('mode') ?? positional[0];
    return mode && writes(mode, context) ? receiver : undefined;
  }
  return undefined;
}

function writes(mode: Node, context: RuleContext): boolean {
  const literal = context.model.literal(mode);
  return !!literal && typeof literal.value === 'string' && /[wax+]/.test(literal.value);
}

/** The zip member name a path expression is built from, if any (and not reduced to its last part). */
function memberName(expression: Node, context: RuleContext, depth: number, budget: { left: number }): Source | undefined {
  if (--budget.left < 0 || depth > 6) return undefined;
  switch (expression.type) {
    case 'identifier': {
      const loop = loopOver(expression, context);
      if (loop) return loop.kind === 'names' ? { node: expression, confidence: loop.confidence } : undefined;
      const value = valueOfName(expression, context.model);
      return value ? memberName(value, context, depth + 1, budget) : undefined;
    }
    case 'attribute': {
      const attribute = expression.childForFieldName('attribute')!.text;
      const object = expression.childForFieldName('object')!;
      if (NAME_ATTRIBUTES.has(attribute)) {
        const info = memberInfo(object, context);
        if (info) return { node: expression, confidence: info };
      }
      if (LAST_PART.has(attribute)) return undefined;
      return memberName(object, context, depth + 1, budget);
    }
    case 'call': {
      const callee = expression.childForFieldName('function');
      if (!callee) return undefined;
      const name = context.model.resolve(callee);
      if (name && BASENAMES.has(name)) return undefined;
      const calleeName = callee.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee.text;
      if (calleeName && CHECKS.test(calleeName)) return undefined;
      const parts: Node[] = [];
      if (callee.type === 'attribute') parts.push(callee.childForFieldName('object')!);
      for (const arg of expression.childForFieldName('arguments')?.namedChildren ?? []) {
        if (!arg || arg.type === 'comment') continue;
        parts.push(arg.type === 'keyword_argument' ? arg.childForFieldName('value')! : arg);
      }
      return first(parts, context, depth, budget);
    }
    case 'binary_operator':
      return first([expression.childForFieldName('left')!, expression.childForFieldName('right')!], context, depth, budget);
    case 'string':
      return first(
        expression.namedChildren.filter((c): c is Node => c?.type === 'interpolation').map((c) => c.childForFieldName('expression') ?? c.firstNamedChild!),
        context,
        depth,
        budget,
      );
    case 'concatenated_string':
    case 'parenthesized_expression':
    case 'conditional_expression':
    case 'list_splat':
      return first(expression.namedChildren.filter((c): c is Node => !!c), context, depth, budget);
    case 'subscript': {
      const value = expression.childForFieldName('value');
      return value ? memberName(value, context, depth + 1, budget) : undefined;
    }
    default:
      return undefined;
  }
}

function first(parts: Node[], context: RuleContext, depth: number, budget: { left: number }): Source | undefined {
  for (const part of parts) {
    if (!part) continue;
    const found = memberName(part, context, depth + 1, budget);
    if (found) return found;
  }
  return undefined;
}

/** Whether `object` is a ZipInfo: a loop variable over `infolist()` / `filelist`, or `getinfo(...)`. */
function memberInfo(object: Node, context: RuleContext): 'high' | 'medium' | undefined {
  if (object.type === 'call') return listedBy(object, ['getinfo'], context);
  if (object.type === 'subscript') {
    const value = object.childForFieldName('value');
    return value?.type === 'call' ? listedBy(value, ['infolist'], context) : undefined;
  }
  if (object.type !== 'identifier') return undefined;
  const loop = loopOver(object, context);
  if (loop) return loop.kind === 'infos' ? loop.confidence : undefined;
  const value = valueOfName(object, context.model);
  return value && value.type !== 'identifier' ? memberInfo(value, context) : undefined;
}

/** `archive.namelist()`-like calls: the confidence that `archive` is a zip file, if the method matches. */
function listedBy(call: Node, methods: readonly string[], context: RuleContext): 'high' | 'medium' | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute' || !methods.includes(callee.childForFieldName('attribute')?.text ?? '')) return undefined;
  const kind = archiveKind(callee.childForFieldName('object')!, context.model);
  // rarfile and other zipfile look-alikes share the method names; tarfile does not.
  return kind === 'zip' ? 'high' : kind === undefined ? 'medium' : undefined;
}

/** What a `for` loop variable iterates over: member names (`namelist()`) or ZipInfos (`infolist()`, `filelist`). */
function loopOver(identifier: Node, context: RuleContext): { kind: 'names' | 'infos'; confidence: 'high' | 'medium' } | undefined {
  const binding = context.model.lookup(identifier.text, identifier);
  if (!binding || binding.kind !== 'assign' || binding.valueStart !== undefined) return undefined;
  const name = context.model.nodeAt(binding.start, binding.end);
  if (!name) return undefined;
  let loop = name.parent;
  let enumerated = false;
  if (loop && (loop.type === 'pattern_list' || loop.type === 'tuple_pattern')) {
    // `for index, info in enumerate(archive.infolist())`: the last name is the item.
    const items = loop.namedChildren.filter((c): c is Node => !!c);
    if (items.length !== 2 || items[1].id !== name.id) return undefined;
    loop = loop.parent;
    enumerated = true;
  }
  if (loop?.type !== 'for_statement') return undefined;
  let iterable = loop.childForFieldName('right');
  if (!iterable) return undefined;
  if (iterable.type === 'call') {
    const callee = iterable.childForFieldName('function');
    const wrapper = callee ? context.model.resolve(callee) : undefined;
    if (wrapper === 'builtins.enumerate' || (callee?.type === 'identifier' && (callee.text === 'enumerate' || callee.text === 'sorted') && !context.model.lookup(callee.text, callee))) {
      if ((callee!.text === 'enumerate') !== enumerated) return undefined;
      const inner = iterable.childForFieldName('arguments')?.firstNamedChild;
      if (!inner) return undefined;
      iterable = inner;
    } else if (enumerated) {
      return undefined;
    }
  } else if (enumerated) {
    return undefined;
  }
  if (iterable.type === 'call') {
    const names = listedBy(iterable, ['namelist'], context);
    if (names) return { kind: 'names', confidence: names };
    const infos = listedBy(iterable, ['infolist'], context);
    if (infos) return { kind: 'infos', confidence: infos };
    return undefined;
  }
  if (iterable.type === 'attribute' && iterable.childForFieldName('attribute')?.text === 'filelist') {
    const kind = archiveKind(iterable.childForFieldName('object')!, context.model);
    return kind === 'zip' ? { kind: 'infos', confidence: 'high' } : kind === undefined ? { kind: 'infos', confidence: 'medium' } : undefined;
  }
  return undefined;
}
