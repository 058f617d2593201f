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
