// Input generators and checks shared by the fuzz test (test/unit/fuzz.test.ts) and the longer
// fuzz loop (scripts/fuzz.ts). Everything is driven by a seeded PRNG, so a seed reproduces a run.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../server/src/engine/finding';
import { type FileKind, fileKindOf } from '../server/src/engine/file-kind';
import { analyzePython, analyzeSource } from '../server/src/engine/index';
import { random } from './bench/stats';
import { PythonDocument, describeTree } from '../server/src/engine/document';
import { parseWith } from '../server/src/engine/grammars';
import { RuleRegistry } from '../server/src/engine/registry';
import { ALL_RULES } from '../server/src/rules/index';
import { DEFAULT_SELECTION, selectRules } from '../server/src/engine/rule-selection';

/** Every rule (the strict profile). */
export const strictRegistry = new RuleRegistry(selectRules(ALL_RULES, { ...DEFAULT_SELECTION, profile: 'strict' }, false));

export const repoRoot = (() => {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'server'))) return dir;
    if (dirname(dir) === dir) throw new Error('repository root not found');
  }
})();

// ---------------------------------------------------------------------------------------------
// Randomness

export interface Rng {
  /** Integer in [0, n). */
  int(n: number): number;
  /** Float in [0, 1). */
  next(): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** The benchmarks' mulberry32: small, fast, good enough for fuzzing, fully determined by the seed. */
export function makeRng(seed: number): Rng {
  const next = random(seed);
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  };
}

// ---------------------------------------------------------------------------------------------
// Generators

export interface FuzzInput {
  kind: string;
  text: string;
  /** The kind of file it is analysed as. */
  fileKind: FileKind;
  /** Whether to also check incremental edits against a fresh analysis. */
  incremental?: boolean;
}

const PRINTABLE = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\t\n';
const SPECIALS = ['\0', '\ud800', '\udc00', '\ufeff', '\r\n', '\r', '\n', '\u2028', '\u202e', '\u200b', '\ufffd', '😀', '\t', '\\', '\x0c', '\x1b'];
/** Fragments that make junk look more like Python and reach more rules. */
const PY_TOKENS = [
  'import os\n', 'import subprocess\n', 'import pickle\n', 'import yaml\n', 'import requests\n', 'from os import system\n', 'eval(', 'exec(',
  'os.system(', 'subprocess.run(', 'shell=True', 'verify=False', 'pickle.loads(', 'yaml.load(', 'password = "', 'def f(', 'class K:', 'lambda x: ',
  'f"{', '"""', "'''", '# noqa', '# pyward: ignore', '# nosec', '    ', 'if x:\n', 'with open(', ') as f:\n', 'return ', '@app.route(', '"',
  "'", '(', ')', '[', ']', '{', '}', ':', ',', '.', '=', '\n', '\r\n', 'b"', 'r"', 'rb"', 'async def ', 'await ', 'match x:\n', 'case _:\n',
];

function randomChar(rng: Rng): string {
  const r = rng.int(10);
  if (r < 6) return PRINTABLE[rng.int(PRINTABLE.length)];
  if (r < 8) return rng.pick(SPECIALS);
  if (r < 9) return String.fromCharCode(rng.int(0x10000));
  return String.fromCodePoint(0x10000 + rng.int(0x100000 - 0x10000));
}

function randomBytes(rng: Rng, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = rng.int(256);
  return bytes;
}

/** Random bytes decoded as UTF-8 (invalid sequences become U+FFFD). */
export function randomUtf8(rng: Rng): string {
  return randomBytes(rng, rng.int(2000)).toString('utf8');
}

/** Printable characters, specials (NUL, lone surrogates, BOMs, CR/LF) and Python-ish tokens. */
export function printableJunk(rng: Rng): string {
  const parts: string[] = [];
  const n = rng.int(600);
  for (let i = 0; i < n; i++) parts.push(rng.chance(0.25) ? rng.pick(PY_TOKENS) : randomChar(rng));
  return parts.join('');
}

/** A line-based file of Python-ish tokens mixed with hostile characters. */
export function hostileShapes(rng: Rng): string {
  const shape = rng.int(6);
  const body = printableJunk(rng);
  switch (shape) {
    case 0: return '\0'.repeat(rng.int(100)) + body + '\0'.repeat(rng.int(100));
    case 1: return '\ufeff' + body + (rng.chance(0.5) ? '\ufeff' : '');
    case 2: return body.replace(/[\ud800-\udbff]/g, '').split('').map((c) => (rng.chance(0.05) ? '\ud800' : rng.chance(0.02) ? '\udfff' : c)).join('');
    case 3: return body.split(/\r\n|\r|\n/).map((line) => line + rng.pick(['\n', '\r\n', '\r'])).join('');
    case 4: return 'import os\n' + '\0eval(x)\0\n'.repeat(rng.int(30)) + body;
    default: return '\ud800'.repeat(rng.int(50)) + 'x = "\ud800"\n' + body + '\udc00';
  }
}

/** Every kind of file the engine reads, for junk fed to every analyser. */
export const FUZZED_KINDS: readonly FileKind[] = ['python', 'requirements', 'pyproject', 'pylock', 'setup-cfg', 'pipfile', 'workflow', 'action', 'config'];

export interface CorpusFile {
  name: string;
  text: string;
  kind: FileKind;
}

/**
 * The real files the mutations start from: rule fixtures (Python files and the manifests,
 * workflows and configuration in fixture folders), manifest fixtures and the example app.
 */
export function loadCorpus(root = repoRoot): CorpusFile[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== '.venv' && name !== 'venv') walk(path);
      } else if (isFuzzedKind(fileKindOf(path))) files.push(path);
    }
  };
  walk(join(root, 'test', 'fixtures', 'rules'));
  walk(join(root, 'test', 'fixtures', 'manifests'));
  walk(join(root, 'examples', 'vulnerable-app'));
  return files.map((path) => ({ name: path.slice(root.length + 1), text: readFileSync(path, 'utf8'), kind: fileKindOf(path)! }));
}

function isFuzzedKind(kind: FileKind | undefined): boolean {
  return kind !== undefined && FUZZED_KINDS.includes(kind);
}

const UNBALANCED = ['"', "'", '"""', "'''", '(', '[', '{', ')', ']', '}', 'f"{', 'f"{x', '\\', ':', '#', 'b"\\x', 'r"\\', '(\n', '"\n'];

/** Applies 1–8 random mutations: inserts, deletes, duplicated/swapped lines, truncation, unbalanced quotes/brackets, line endings. */
export function mutate(rng: Rng, source: string): string {
  let text = source;
  const count = 1 + rng.int(8);
  for (let m = 0; m < count; m++) {
    const at = rng.int(text.length + 1);
    switch (rng.int(10)) {
      case 0: { // insert random characters
        let s = '';
        for (let i = 1 + rng.int(5); i > 0; i--) s += randomChar(rng);
        text = text.slice(0, at) + s + text.slice(at);
        break;
      }
      case 1: // insert random bytes decoded as UTF-8
        text = text.slice(0, at) + randomBytes(rng, 1 + rng.int(8)).toString('utf8') + text.slice(at);
        break;
      case 2: // delete a range
        text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + rng.int(rng.chance(0.2) ? 200 : 10)));
        break;
      case 3: { // duplicate a line
        const lines = text.split('\n');
        const i = rng.int(lines.length);
        lines.splice(i, 0, ...Array(1 + rng.int(3)).fill(lines[i]));
        text = lines.join('\n');
        break;
      }
      case 4: { // swap two lines
        const lines = text.split('\n');
        const i = rng.int(lines.length), j = rng.int(lines.length);
        [lines[i], lines[j]] = [lines[j], lines[i]];
        text = lines.join('\n');
        break;
      }
      case 5: // truncate
        if (rng.chance(0.3)) text = text.slice(0, at);
        break;
      case 6: // unbalanced quote or bracket
      case 7:
        text = text.slice(0, at) + rng.pick(UNBALANCED) + text.slice(at);
        break;
      case 8: // a Python-ish token
        text = text.slice(0, at) + rng.pick(PY_TOKENS) + text.slice(at);
        break;
      default: { // line endings / indentation
        const r = rng.int(4);
        if (r === 0) text = text.replace(/\n/g, () => rng.pick(['\n', '\r\n', '\r']));
        else if (r === 1) text = text.replace(/\n/g, '\r\n');
        else if (r === 2) {
          const lines = text.split('\n');
          const i = rng.int(lines.length);
          lines[i] = rng.pick(['\t', ' ', '    ', '\t  ']) + lines[i];
          text = lines.join('\n');
        } else text = rng.pick(['\ufeff', '\0', '\ud800']) + text;
      }
    }
  }
  return text;
}

export interface Pathological {
  /** The kind of file it is analysed as; Python when absent. */
  kind?: FileKind;
  name: string;
  build(): string;
  /** A known engine problem (too slow to run routinely): skipped by the test and, unless asked, by the fuzz script. */
  known?: string;
}

/** Inputs whose shape (depth, length, count) stresses recursion and quadratic behaviour. */
export const PATHOLOGICAL: readonly Pathological[] = [
  { name: '10,000-deep nested parentheses', build: () => 'x = ' + '('.repeat(10_000) + '1' + ')'.repeat(10_000) + '\n' },
  // Was quadratic (~56 s: node.text per call, network-content search per level); now ~7 s with fixes.
  { name: '10,000-deep nested call eval(eval(…))', build: () => 'x = ' + 'eval('.repeat(10_000) + 's' + ')'.repeat(10_000) + '\n' },
  { name: '300-deep nested call eval(eval(…))', build: () => 'x = ' + 'eval('.repeat(300) + 's' + ')'.repeat(300) + '\n' },
  { name: '5,000-deep nested lists', build: () => 'x = ' + '['.repeat(5_000) + ']'.repeat(5_000) + '\n' },
  { name: '200,000-character single line', build: () => 'import os\nx = [' + 'os.system(c), eval(s), '.repeat(200_000 / 24) + ']\n' },
  { name: '100,000-character identifier', build: () => 'import os\n' + 'a'.repeat(100_000) + ' = os.system(' + 'b'.repeat(100_000) + ')\n' },
  { name: '1,000,000-character string literal', build: () => 'password = "' + 'x'.repeat(1_000_000) + '"\n' },
  { name: '1,000,000-character f-string', build: () => 'import os\nos.system(f"' + 'ab{c}'.repeat(200_000) + '")\n' },
  { name: '3,000 chained attribute accesses', build: () => 'import os\nx = os' + '.b'.repeat(3_000) + '\nos' + '.path'.repeat(3_000) + '.system(x)\n' },
  { name: '3,000 chained calls a()()()…', build: () => 'import pickle\nx = pickle.loads' + '(d)'.repeat(3_000) + '\n' },
  { name: '2,000-level chained assignment', build: () => 'a = '.repeat(2_000) + '1\nimport subprocess\nsh = ' + 'sh = '.repeat(2_000) + 'True\nsubprocess.run(c, shell=sh)\n' },
  { name: '500 nested if blocks', build: () => 'import os\n' + Array.from({ length: 500 }, (_, i) => '    '.repeat(i) + `if x${i}:\n`).join('') + '    '.repeat(500) + 'os.system(x)\n' },
  { name: '500 nested defs', build: () => 'import os\n' + Array.from({ length: 500 }, (_, i) => ' '.repeat(i) + `def f${i}(os):\n`).join('') + ' '.repeat(500) + 'os.system(x)\n' },
  { name: '20,000 tiny statements', build: () => {
    const lines = ['x = 1', 'os.system(c)', 'eval(s)', 'y = x', 'password = "hunter2"', 'pickle.loads(d)', 'pass', 'assert x'];
    return 'import os\nimport pickle\n' + Array.from({ length: 20_000 }, (_, i) => lines[i % lines.length]).join('\n') + '\n';
  } },
  // Was quadratic (~130 s: SemanticModel.spell looked up every import binding per finding); now ~3 s.
  { name: '20,000 tiny statements, 4,000 of them imports', build: () => {
    const lines = ['x = 1', 'import os', 'os.system(c)', 'eval(s)', 'y = x', 'password = "hunter2"', 'import pickle', 'pickle.loads(d)', 'pass', 'assert x'];
    return Array.from({ length: 20_000 }, (_, i) => lines[i % lines.length]).join('\n') + '\n';
  } },
  { name: '20,000 suppression comments', build: () => 'import os\n' + 'os.system(c)  # nosec # noqa: S605\n'.repeat(20_000) },
  { name: '10,000 string concatenation', build: () => 'import os\nos.system(' + '"a" + '.repeat(10_000) + 'x)\n' },
  { name: '5,000 implicit string concatenation', build: () => 'q = (' + '"SELECT * " f"{x}" '.repeat(5_000) + ')\ncursor.execute(q)\n' },
  // Lone CRs are line ends now (was one nested chain, ~265 s, 1 finding of 50,000); still ~27 s with
  // fixes for its 50,000 findings, too long for the test.
  { name: '50,000 lines with CR only', build: () => 'import os\r' + 'os.system(c)\r'.repeat(50_000), known: 'heavy: 50,000 findings with fixes (~27 s)' },
  { name: '2,000 lines with CR only', build: () => 'import os\r' + 'os.system(c)\r'.repeat(2_000) },
  { name: '100,000 NUL bytes', build: () => '\0'.repeat(100_000) },
  { name: '100,000 lone surrogates', build: () => 'x = "' + '\ud800'.repeat(100_000) + '"\n' },
  { name: '1,000,000 bytes of random UTF-8', build: () => randomBytes(makeRng(1), 1_000_000).toString('utf8') },
  { name: 'TOML: 10,000-deep nested arrays', kind: 'pyproject', build: () => '[project]\ndependencies = ' + '['.repeat(10_000) + '"requests"' + ']'.repeat(10_000) + '\n' },
  { name: 'TOML: 10,000-deep nested inline tables', kind: 'pyproject', build: () => 'x = ' + '{a = '.repeat(10_000) + '1' + '}'.repeat(10_000) + '\n' },
  { name: 'TOML: 20,000 dependencies', kind: 'pyproject', build: () => '[project]\ndependencies = [\n' + Array.from({ length: 20_000 }, (_, i) => `  "pkg${i}>=1",\n`).join('') + ']\n' },
  { name: 'TOML: 1,000,000-character string', kind: 'pyproject', build: () => '[project]\nname = "' + 'a'.repeat(1_000_000) + '"\n' },
  { name: 'pylock: 5,000 packages without hashes', kind: 'pylock', build: () => 'lock-version = "1.0"\n' + Array.from({ length: 5_000 }, (_, i) => `[[packages]]\nname = "p${i}"\nversion = "1.0"\n`).join('') },
  { name: 'YAML: 10,000-deep flow sequences', kind: 'workflow', build: () => 'on: push\njobs: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n' },
  { name: 'YAML: 2,000-deep block mappings', kind: 'workflow', build: () => 'on: push\n' + Array.from({ length: 2_000 }, (_, i) => ' '.repeat(i) + `k${i}:\n`).join('') },
  { name: 'YAML: 5,000 steps with expressions', kind: 'workflow', build: () => 'on: pull_request_target\njobs:\n  a:\n    runs-on: x\n    steps:\n' + '      - run: echo "${{ github.event.issue.title }}"\n        uses: foo/bar@v1\n'.repeat(5_000) },
  { name: 'YAML: 1,000,000-character line', kind: 'workflow', build: () => 'on: push\nx: "' + '${{ a }}'.repeat(125_000) + '"\n' },
  { name: 'requirements: 1,000,000-character line', kind: 'requirements', build: () => 'requests' + '[a,'.repeat(250_000) + '\n' },
  { name: 'requirements: 100,000 lines with continuations', kind: 'requirements', build: () => 'pkg==1.0 \\\n'.repeat(50_000) + '--hash=sha256:' + 'a'.repeat(64) + '\n' + 'x\n'.repeat(50_000) },
  { name: 'requirements: includes itself', kind: 'requirements', build: () => '-r requirements.txt\n-c requirements.txt\nrequests\n' },
  { name: 'config: 1,000,000 characters of near-miss tokens', kind: 'config', build: () => 'TOKEN=' + 'ghp_AKIAsk-ant-xoxb-glpat-'.repeat(40_000) + '\n' },
  { name: 'config: 1,000,000-character JSON line', kind: 'config', build: () => '{"a": [' + '"eyJhbGciOi.eyJ.x", '.repeat(50_000) + '1]}' },
];

/** Random generated inputs of every kind, deterministic in rng. */
export function* randomInputs(rng: Rng, corpus: readonly CorpusFile[]): Generator<FuzzInput> {
  for (;;) {
    const r = rng.int(10);
    const fileKind = rng.pick(FUZZED_KINDS);
    if (r === 0) yield { kind: 'random-utf8', text: randomUtf8(rng), fileKind };
    else if (r === 1) yield { kind: 'printable-junk', text: printableJunk(rng), fileKind };
    else if (r === 2) yield { kind: 'hostile-shapes', text: hostileShapes(rng), fileKind };
    else {
      const source = rng.pick(corpus);
      yield { kind: `mutated:${source.name}`, text: mutate(rng, source.text), fileKind: source.kind, incremental: source.kind === 'python' && rng.chance(0.2) };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Checks

export interface Problem {
  check: string;
  detail: string;
}

function findingKey(f: Finding): string {
  return `${f.start}:${f.end}:${f.ruleId}:${f.message}`;
}

/** Problems with the findings (and their fixes) of one text: out-of-bounds ranges, overlapping edits. */
export function boundsProblems(text: string, findings: readonly Finding[]): Problem[] {
  const problems: Problem[] = [];
  for (const f of findings) {
    if (!(Number.isInteger(f.start) && Number.isInteger(f.end) && 0 <= f.start && f.start <= f.end && f.end <= text.length)) {
      problems.push({ check: 'finding-bounds', detail: `${f.ruleId} [${f.start}, ${f.end}) outside [0, ${text.length}]` });
    }
    for (const fix of f.fixes ?? []) {
      const edits = [...fix.edits].sort((a, b) => a.start - b.start || a.end - b.end);
      let previousEnd = -1;
      for (const e of edits) {
        if (!(Number.isInteger(e.start) && Number.isInteger(e.end) && 0 <= e.start && e.start <= e.end && e.end <= text.length)) {
          problems.push({ check: 'fix-bounds', detail: `${f.ruleId} fix "${fix.title}" edit [${e.start}, ${e.end}) outside [0, ${text.length}]` });
        }
        if (e.start < previousEnd) problems.push({ check: 'fix-overlap', detail: `${f.ruleId} fix "${fix.title}" edits overlap at ${e.start} (previous ends at ${previousEnd})` });
        previousEnd = Math.max(previousEnd, e.end);
        if (typeof e.newText !== 'string') problems.push({ check: 'fix-text', detail: `${f.ruleId} fix "${fix.title}" newText is ${typeof e.newText}` });
      }
    }
  }
  return problems;
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? String(error)) : String(error);
}

export interface CheckOptions {
  registry?: RuleRegistry;
  /** The kind of file the text is analysed as; Python by default. */
  kind?: FileKind;
  /** Passed to the engine: how long one rule call may take before it is switched off (and reported as a rule error). */
  slowRuleMs?: number;
}

function isSlowRule(error: unknown): boolean {
  return error instanceof Error && /switched off for this file/.test(error.message);
}

export interface CheckResult {
  problems: Problem[];
  ms: number;
  findings: number;
}

/** Whole-file analysis with every rule and fixes: must not throw, report a rule error, or go out of bounds. */
export async function checkText(text: string, options: CheckOptions = {}): Promise<CheckResult> {
  const problems: Problem[] = [];
  const registry = options.registry ?? strictRegistry;
  const ruleError = (rule: { meta: { id: string } }, error: unknown) =>
    problems.push({ check: isSlowRule(error) ? 'rule-slow' : 'rule-error', detail: `${rule.meta.id}: ${describeError(error)}` });
  const started = performance.now();
  let findings: Finding[] = [];
  try {
    findings = await analyzeSource(text, options.kind ?? 'python', registry, { withFixes: true, onRuleError: ruleError, slowRuleMs: options.slowRuleMs });
  } catch (error) {
    problems.push({ check: 'analyze-throws', detail: describeError(error) });
  }
  const ms = performance.now() - started;
  problems.push(...boundsProblems(text, findings));
  return { problems, ms, findings: findings.length };
}

const EDIT_SNIPPETS = [
  'yaml.load(x)', 'import yaml\n', 'eval(data)', 'import os\n', 'os.system(c)', '"', "'", '"""', '(', ')', '[', ']', '#', '# nosec', '\n', '\r\n', '\r',
  '    ', 'def f(os):\n    ', 'class K:\n    ', 'password = "x"\n', 'subprocess.run(c, shell=True)', 'import subprocess\n', 'verify=False', 'f"{',
  '\0', '\ud800', '\ufeff', '😀', 'x = 1\n', 'lambda yaml: ', 'global os\n',
];

/** Whether a fresh parse of the document's text gives another tree than its incremental one. */
function parsesDifferently(document: PythonDocument): boolean {
  const fresh = parseWith('python', document.text);
  try {
    return describeTree(fresh.rootNode) !== document.syntaxTree();
  } finally {
    fresh.delete();
  }
}

/** Random LSP edits applied to a PythonDocument must leave it with the findings of a fresh analysis. */
export async function checkIncremental(rng: Rng, text: string, steps: number, options: CheckOptions = {}): Promise<Problem[]> {
  const problems: Problem[] = [];
  const registry = options.registry ?? strictRegistry;
  const ruleError = (rule: { meta: { id: string } }, error: unknown) =>
    problems.push({ check: isSlowRule(error) ? 'rule-slow' : 'rule-error', detail: `${rule.meta.id} (incremental): ${describeError(error)}` });
  const engineOptions = { onRuleError: ruleError, slowRuleMs: options.slowRuleMs };
  let document: PythonDocument | undefined;
  const log: string[] = [];
  try {
    document = await PythonDocument.open('file:///fuzz.py', 1, text, registry, engineOptions);
    document.analyze();
    for (let step = 0; step < steps; step++) {
      const changes = [];
      let current = TextDocument.create('file:///fuzz.py', 'python', 0, document.text);
      for (let c = 1 + rng.int(3); c > 0; c--) {
        const length = current.getText().length;
        const start = rng.int(length + 1);
        const end = Math.min(length, start + (rng.chance(0.3) ? rng.int(40) : 0));
        let inserted = '';
        if (rng.chance(0.75)) inserted = rng.chance(0.7) ? rng.pick(EDIT_SNIPPETS) : randomChar(rng);
        const change = { range: { start: current.positionAt(start), end: current.positionAt(end) }, text: inserted };
        changes.push(change);
        current = TextDocument.update(current, [change], 0);
      }
      log.push(JSON.stringify(changes));
      document.applyChanges(changes, step + 2);
      if (document.text !== current.getText()) {
        problems.push({ check: 'incremental-text', detail: `step ${step}: document text differs from the expected text` });
        break;
      }
      // Analyse after most steps; sometimes let edits pile up first.
      if (rng.chance(0.25) && step < steps - 1) continue;
      const incremental = document.analyze().map(findingKey).sort();
      const fresh = (await analyzePython(document.text, registry, engineOptions)).map(findingKey).sort();
      if (incremental.join('\n') !== fresh.join('\n')) {
        // On broken text, tree-sitter's error recovery can differ between an incremental and a
        // fresh parse: both trees are valid readings, and the findings follow the tree. That is
        // the parser's choice, not an analysis bug; the analysis is checked against its own tree.
        if (parsesDifferently(document)) break;
        const onlyIncremental = incremental.filter((k) => !fresh.includes(k));
        const onlyFresh = fresh.filter((k) => !incremental.includes(k));
        problems.push({
          check: 'incremental-mismatch',
          detail: `step ${step}: only incremental ${JSON.stringify(onlyIncremental)}, only fresh ${JSON.stringify(onlyFresh)}\nedits: ${log.join('\n')}\nresulting text: ${JSON.stringify(document.text)}`,
        });
        break;
      }
      // Fixes for the whole document must be in bounds too.
      problems.push(...boundsProblems(document.text, document.findingsWithFixes({ start: 0, end: document.text.length })));
      if (problems.length > 0) break;
    }
  } catch (error) {
    problems.push({ check: 'incremental-throws', detail: `${describeError(error)}\nedits: ${log.join('\n')}` });
  } finally {
    document?.dispose();
  }
  return problems;
}

/**
 * Shrinks text while `fails` stays true: drops chunks of lines, then of characters (ddmin-like),
 * within a time budget.
 */
export async function minimise(text: string, fails: (candidate: string) => Promise<boolean>, budgetMs = 30_000): Promise<string> {
  const deadline = Date.now() + budgetMs;
  let current = text;
  for (const unit of ['line', 'char'] as const) {
    let pieces = unit === 'line' ? current.split(/(?<=\n)/) : [...current];
    let chunk = Math.max(1, Math.floor(pieces.length / 2));
    while (chunk >= 1 && Date.now() < deadline) {
      let removed = false;
      for (let i = 0; i < pieces.length && Date.now() < deadline; ) {
        const candidate = [...pieces.slice(0, i), ...pieces.slice(i + chunk)];
        if (candidate.length < pieces.length && (await fails(candidate.join('')))) {
          pieces = candidate;
          removed = true;
        } else i += chunk;
      }
      if (!removed) chunk = Math.floor(chunk / 2);
    }
    current = pieces.join('');
  }
  return current;
}
