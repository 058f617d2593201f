// tree-sitter's WebAssembly runtime (web-tree-sitter.wasm), with one change that keeps typing at
// the end of a block incremental. docs/tree-sitter-runtime.md explains the change, how its
// place in the binary was found, and how to find it again for another web-tree-sitter version.
//
// When the parser reaches a statement of the old tree whose preceding external token (NEWLINE,
// INDENT, DEDENT) had another scanner state than the parser's last one, the stock runtime skips
// the statement (`reusable_node_advance`) and lexes all of it again: after an edit in a block's
// last statement, the next statement starts where the block's zero-width NEWLINE/DEDENT tokens
// are about to be lexed, so a whole class (often the rest of the file) was re-lexed on each
// keystroke. The patched runtime leaves the node where it is instead (`break`, the exit the
// parser takes for a node that starts after the current position): once those tokens are
// lexed, the states agree and the statement is reused.
import { createHash } from 'node:crypto';

/** The runtime this patch was made for: web-tree-sitter 0.27.1. */
export const STOCK_RUNTIME_SHA256 = 'beca80e44cccbf2299ed4d1e3fa6462a9a6fe818aeebf847547a392227ce4acc';

/**
 * In `ts_parser_parse_wasm` (function 271, where `ts_parser__reuse_node` is inlined), the first
 * instruction of the external-scanner-state mismatch branch, `local.get 5; i32.load offset=96`
 * (the logger test before the log line and the advance), becomes `br 5` and three `nop`s: label 5
 * there is the block the `before_reusable_node` break leaves.
 */
const PATCH = { offset: 0x29100, stock: [0x20, 0x05, 0x28, 0x02, 0x60], patched: [0x0c, 0x05, 0x01, 0x01, 0x01] };

/**
 * The runtime to ship: the patched bytes when `stock` is the runtime the patch was made for,
 * `undefined` (ship it unpatched) when it is another.
 */
export function patchRuntime(stock) {
  const sha256 = createHash('sha256').update(stock).digest('hex');
  if (sha256 !== STOCK_RUNTIME_SHA256) return undefined;
  const at = stock.subarray(PATCH.offset, PATCH.offset + PATCH.stock.length);
  if (!at.equals(Buffer.from(PATCH.stock))) return undefined;
  const patched = Buffer.from(stock);
  patched.set(PATCH.patched, PATCH.offset);
  return patched;
}

/** The JavaScript side this glue patch was made for: web-tree-sitter 0.27.1's CommonJS build. */
export const STOCK_GLUE_SHA256 = '743de33347202f863b6714fc7218c455d93f751943d43500500f6c5c65654dce';

/**
 * Every syntax node the analysis touches crosses from WebAssembly memory into a JavaScript
 * `Node` object and back through a transfer buffer, five integers each way. The stock glue
 * writes and reads each one through Emscripten's `setValue`/`getValue`, which compare a type
 * string and go through a DataView, and defines the node's handle as a class field with a
 * computed key (`[0] = 0`), which V8 stores slowly. On Django's source those took a sixth of
 * the audit's CPU time. The patched glue reads and writes the transfer buffer as an Int32Array
 * (WebAssembly memory is little-endian; a big-endian host keeps the stock calls) and keeps the
 * node's handle in a named property. Same values, same order, no other change.
 */
const GLUE_EDITS = [
  {
    what: "Node's class fields, set in its constructor instead",
    pattern: '  [0] = 0;\n  // Internal handle for Wasm\n  /** @internal */\n  _children;\n  /** @internal */\n  _namedChildren;\n  /** @internal */\n  constructor(internal, {',
    replacement: '  /** @internal */\n  constructor(internal, {',
    count: 1,
  },
  {
    what: "Node's handle in a named property",
    pattern: '    assertInternal(internal);\n    this[0] = other;\n    this.id = id;',
    replacement: '    assertInternal(internal);\n    this._address = other;\n    this._children = void 0;\n    this._namedChildren = void 0;\n    this._typeId = -1;\n    this.id = id;',
    count: 1,
  },
  {
    what: "a node's type asked of the runtime once (an edit never changes it)",
    pattern: '  get typeId() {\n    marshalNode(this);\n    return C._ts_node_symbol_wasm(this.tree[0]);\n  }',
    replacement: '  get typeId() {\n    if (this._typeId !== -1) return this._typeId;\n    marshalNode(this);\n    return this._typeId = C._ts_node_symbol_wasm(this.tree[0]);\n  }',
    count: 1,
  },
  {
    what: "a field's id looked up in a Map built once per language, not searched for in the list of names",
    pattern: '  childForFieldName(fieldName) {\n    const fieldId = this.tree.language.fields.indexOf(fieldName);\n',
    replacement:
      '  childForFieldName(fieldName) {\n' +
      '    const language = this.tree.language;\n' +
      '    if (language._fieldIds === void 0) {\n' +
      '      language._fieldIds = new Map();\n' +
      '      language.fields.forEach((name, id) => { if (!language._fieldIds.has(name)) language._fieldIds.set(name, id); });\n' +
      '    }\n' +
      '    const fieldId = language._fieldIds.get(fieldName) ?? -1;\n',
    count: 1,
  },
  {
    what: 'marshalNode reading the named handle',
    pattern: ', node[0], "i32"',
    replacement: ', node._address, "i32"',
    count: 1,
  },
  {
    what: 'i32 writes through the heap view',
    pattern: /C\.setValue\(([^,]+), ([^,]+), "i32"\)/g,
    replacement: '(LITTLE_ENDIAN_HOST ? (C.HEAP32[($1) >> 2] = $2) : C.setValue($1, $2, "i32"))',
    count: 25,
  },
  {
    what: 'i32 reads through the heap view',
    pattern: /C\.getValue\(([^,]+), "i32"\)/g,
    replacement: '(LITTLE_ENDIAN_HOST ? C.HEAP32[($1) >> 2] : C.getValue($1, "i32"))',
    count: 58,
  },
  {
    what: 'whether the host stores integers as WebAssembly does',
    pattern: '\nvar C;\n',
    replacement: '\nvar C;\nvar LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;\n',
    count: 1,
  },
  {
    what: 'the text handed to the parser written by Buffer in one native copy',
    pattern: '            stringToUTF16(string, inputBufferAddress, INPUT_BUFFER_SIZE);\n',
    replacement:
      '            if (typeof Buffer === "function") {\n' +
      '              const written = Buffer.from(HEAPU8.buffer, inputBufferAddress, INPUT_BUFFER_SIZE).write(string, 0, INPUT_BUFFER_SIZE - 2, "utf16le");\n' +
      '              HEAPU8[inputBufferAddress + written] = 0;\n' +
      '              HEAPU8[inputBufferAddress + written + 1] = 0;\n' +
      '            } else stringToUTF16(string, inputBufferAddress, INPUT_BUFFER_SIZE);\n',
    count: 1,
  },
  {
    what: 'the source map reference (the map stays in the package)',
    pattern: '\n//# sourceMappingURL=web-tree-sitter.cjs.map',
    replacement: '\n',
    count: 1,
  },
];

function occurrences(text, pattern) {
  return typeof pattern === 'string' ? text.split(pattern).length - 1 : (text.match(pattern) ?? []).length;
}

/**
 * The glue to ship: patched when `stock` is the glue the patch was made for, `undefined` (ship it
 * unpatched) when it is another or an edit does not find exactly the text it expects.
 */
export function patchGlue(stock) {
  const sha256 = createHash('sha256').update(stock).digest('hex');
  if (sha256 !== STOCK_GLUE_SHA256) return undefined;
  let text = stock.toString('utf8');
  for (const edit of GLUE_EDITS) {
    if (occurrences(text, edit.pattern) !== edit.count) return undefined;
    text = typeof edit.pattern === 'string' ? text.split(edit.pattern).join(edit.replacement) : text.replace(edit.pattern, edit.replacement);
  }
  return Buffer.from(text, 'utf8');
}
