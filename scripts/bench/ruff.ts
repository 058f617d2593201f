// Runs Ruff's flake8-bandit rules (`S`), compiled to WebAssembly, over the same files, in this
// process, one file after another (the WASM build is single-threaded).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type * as RuffWasm from '@astral-sh/ruff-wasm-nodejs';

export const RUFF_PACKAGE = '@astral-sh/ruff-wasm-nodejs';

/** Ruff's settings for the comparison: only the S rules; the corpora are Python 3.11 code. */
export const RUFF_SETTINGS = {
  'target-version': 'py311',
  lint: { select: ['S'] },
} as const;

export interface RuffResult {
  version: string;
  settings: typeof RUFF_SETTINGS;
  files: number;
  lines: number;
  /** Loading the WASM module and creating the workspace. */
  initMs: number;
  /** Reading the files (the same files Pyward audited). */
  readMs: number;
  /** Summed time inside `Workspace.check`. */
  checkMs: number;
  /** Everything: init + read + check. */
  wallMs: number;
  /** Diagnostics with a rule code (S…). */
  diagnostics: number;
  /** Diagnostics that are not S rules: syntax errors ("invalid-syntax"; null code in older builds). */
  syntaxErrors: number;
  /** Files `check` threw on. */
  failures: { path: string; error: string }[];
  byCode: Map<string, number>;
}

export function runRuff(files: readonly { path: string; lines: number }[]): RuffResult {
  const wallStart = performance.now();
  const ruff = require(RUFF_PACKAGE) as typeof RuffWasm;
  const workspace = new ruff.Workspace(RUFF_SETTINGS, ruff.PositionEncoding.Utf16);
  const initMs = performance.now() - wallStart;

  let readMs = 0;
  let checkMs = 0;
  let diagnostics = 0;
  let syntaxErrors = 0;
  let lines = 0;
  const failures: RuffResult['failures'] = [];
  const byCode = new Map<string, number>();
  for (const file of files) {
    const readStart = performance.now();
    const text = readFileSync(file.path, 'utf8');
    const checkStart = performance.now();
    readMs += checkStart - readStart;
    let found: RuffWasm.Diagnostic[];
    try {
      found = workspace.check(text) as RuffWasm.Diagnostic[];
    } catch (error) {
      checkMs += performance.now() - checkStart;
      failures.push({ path: file.path, error: String(error) });
      continue;
    }
    checkMs += performance.now() - checkStart;
    lines += file.lines;
    for (const diagnostic of found) {
      if (diagnostic.code === null || !/^S\d+$/.test(diagnostic.code)) {
        syntaxErrors++;
        continue;
      }
      diagnostics++;
      byCode.set(diagnostic.code, (byCode.get(diagnostic.code) ?? 0) + 1);
    }
  }
  const wallMs = performance.now() - wallStart;
  const version = ruff.Workspace.version();
  workspace.free();
  return { version, settings: RUFF_SETTINGS, files: files.length - failures.length, lines, initMs, readMs, checkMs, wallMs, diagnostics, syntaxErrors, failures, byCode };
}
