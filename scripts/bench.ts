// Pyward's benchmark: prints figures a person can compare; asserts nothing.
//
//   npm run bench:corpus                      # real code from Debian packages into bench-corpus/
//   npm run bench -- DIR [DIR...] [--jobs N] [--no-ruff] [--edits N] [--edit-file FILE] [--json]
//
// 1. A full audit of the folders with Pyward (auditPaths): files, lines, wall time, rates, memory.
// 2. The same files through Ruff's flake8-bandit rules (S) compiled to WebAssembly, in this process.
// 3. Incremental-edit latency on the largest file, through the engine's document model exactly
//    as the language server drives it (applyChanges + analyze per keystroke).
import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RuleRegistry } from '../server/src/engine/registry';
import { ALL_RULES } from '../server/src/rules/index';
import { auditPaths } from '../server/src/workspace/audit';
import { DEFAULT_EDIT_OPTIONS, type EditResult, type EditSites, TYPED_LINE, benchEdits, findEditSites } from './bench/edits';
import { RUFF_PACKAGE, type RuffResult, runRuff } from './bench/ruff';
import { type Distribution, bytes, count, ms, rate, round, table } from './bench/stats';

interface Options {
  paths: string[];
  jobs?: number;
  ruff: boolean;
  flow: boolean;
  edits: number;
  editFile?: string;
  json: boolean;
}

const USAGE = `usage: npm run bench -- DIR [DIR...] [options]

  --jobs N          worker count passed to auditPaths (default: its own)
  --no-ruff         skip the Ruff (flake8-bandit, WebAssembly) comparison
  --no-flow         audit and edit without data flow (to measure its cost)
  --edits N         edit positions for the incremental-edit latency (default ${DEFAULT_EDIT_OPTIONS.edits})
  --edit-file FILE  measure edits on FILE instead of the corpus's largest file
  --json            print the figures as JSON

Get a corpus of real code first with: npm run bench:corpus`;

function parseArgs(argv: string[]): Options {
  const options: Options = { paths: [], ruff: true, flow: true, edits: DEFAULT_EDIT_OPTIONS.edits, json: false };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined) usage(`${flag} needs a value`);
    return v;
  };
  const integer = (text: string, flag: string, min: number): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) usage(`${flag} takes an integer >= ${min}, not "${text}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let inline: string | undefined;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq !== -1) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const take = (): string => inline ?? value(i++, arg);
    switch (arg) {
      case '--jobs':
        options.jobs = integer(take(), arg, 1);
        break;
      case '--edits':
        options.edits = integer(take(), arg, 1);
        break;
      case '--edit-file':
        options.editFile = resolve(take());
        break;
      case '--no-ruff':
        options.ruff = false;
        break;
      case '--no-flow':
        options.flow = false;
        break;
      case '--json':
        options.json = true;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
      default:
        if (arg.startsWith('-')) usage(`unknown option ${arg}`);
        options.paths.push(resolve(arg));
    }
  }
  if (options.paths.length === 0) usage('give at least one folder (or file) to audit');
  for (const path of [...options.paths, ...(options.editFile ? [options.editFile] : [])]) {
    if (!existsSync(path)) usage(`no such file or folder: ${path}`);
  }
  return options;
}

function usage(problem: string): never {
  console.error(`bench: ${problem}\n\n${USAGE}`);
  process.exit(2);
}

/**
 * Reads every .py file once into a reused buffer (no strings kept, so the process's peak memory
 * is not raised), so that neither tool pays for a cold disk cache.
 */
function warmFileCache(paths: readonly string[]): number {
  const buffer = Buffer.allocUnsafe(1 << 20);
  let files = 0;
  const visit = (path: string): void => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) if (name !== '.git' && name !== 'node_modules') visit(join(path, name));
    } else if (stat.isFile() && path.endsWith('.py')) {
      const fd = openSync(path, 'r');
      try {
        while (readSync(fd, buffer, 0, buffer.length, null) > 0);
      } finally {
        closeSync(fd);
      }
      files++;
    }
  };
  for (const path of paths) visit(path);
  return files;
}

interface AuditFigures {
  files: number;
  lines: number;
  skipped: number;
  skippedByReason: Record<string, number>;
  wallMs: number;
  findings: number;
  findingsByRule: Map<string, number>;
  memory: {
    /** Peak resident set size of the process (all threads) by the end of the audit. */
    maxRssBytes: number;
    /** Same, before the audit started (the process's baseline). */
    maxRssBeforeBytes: number;
    /** Main-thread V8 heap in use: highest sample during the audit, and after it. */
    heapUsedPeakBytes: number;
    heapUsedAfterBytes: number;
  };
}

async function runAudit(options: Options): Promise<{ figures: AuditFigures; files: { path: string; relativePath: string; lines: number }[]; root: string }> {
  const maxRssBeforeBytes = process.resourceUsage().maxRSS * 1024;
  let heapUsedPeakBytes = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    heapUsedPeakBytes = Math.max(heapUsedPeakBytes, process.memoryUsage().heapUsed);
  }, 10);
  const progress = !options.json && process.stderr.isTTY;
  let lastProgress = 0;
  const start = performance.now();
  const result = await auditPaths(options.paths, {
    jobs: options.jobs,
    flow: options.flow,
    onProgress(done, total) {
      const now = performance.now();
      if (progress && (now - lastProgress > 200 || done === total)) {
        lastProgress = now;
        process.stderr.write(`\rPyward audit: ${done}/${total} files`);
      }
    },
  });
  const wallMs = performance.now() - start;
  clearInterval(sampler);
  const heapUsedAfterBytes = process.memoryUsage().heapUsed;
  heapUsedPeakBytes = Math.max(heapUsedPeakBytes, heapUsedAfterBytes);
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  if (progress) process.stderr.write('\r\x1b[K');

  const findingsByRule = new Map<string, number>();
  let findings = 0;
  let lines = 0;
  for (const file of result.files) {
    lines += file.lines;
    findings += file.findings.length;
    for (const finding of file.findings) findingsByRule.set(finding.ruleId, (findingsByRule.get(finding.ruleId) ?? 0) + 1);
  }
  const skippedByReason: Record<string, number> = {};
  for (const skip of result.skipped) {
    const reason = skip.reason.split(/[:(]/)[0].trim() || skip.reason;
    skippedByReason[reason] = (skippedByReason[reason] ?? 0) + 1;
  }
  return {
    root: result.root,
    files: result.files.map(({ path, relativePath, lines }) => ({ path, relativePath, lines })),
    figures: {
      files: result.files.length,
      lines,
      skipped: result.skipped.length,
      skippedByReason,
      wallMs,
      findings,
      findingsByRule,
      memory: { maxRssBytes, maxRssBeforeBytes, heapUsedPeakBytes, heapUsedAfterBytes },
    },
  };
}

interface RuleRow {
  ruff: string;
  pywardRules: string[];
  pyward: number | null;
  ruffCount: number | null;
}

/** Pyward's findings and Ruff's diagnostics side by side, one row per Ruff code. */
function ruleRows(registry: RuleRegistry, pywardByRule: Map<string, number>, ruffByCode: Map<string, number> | undefined): RuleRow[] {
  const byCode = new Map<string, RuleRow>();
  const unmatched: RuleRow[] = [];
  const ruleIds = new Set([...registry.rules.map((rule) => rule.meta.id), ...pywardByRule.keys()]);
  for (const id of ruleIds) {
    const meta = registry.rule(id)?.meta;
    const label = meta?.bandit ? `${id} (${meta.bandit})` : id;
    const n = pywardByRule.get(id) ?? 0;
    if (!meta?.ruff) {
      unmatched.push({ ruff: '—', pywardRules: [label], pyward: n, ruffCount: null });
      continue;
    }
    const row = byCode.get(meta.ruff) ?? { ruff: meta.ruff, pywardRules: [], pyward: 0, ruffCount: 0 };
    row.pywardRules.push(label);
    row.pyward = (row.pyward ?? 0) + n;
    byCode.set(meta.ruff, row);
  }
  for (const code of ruffByCode?.keys() ?? []) {
    const row = byCode.get(code) ?? { ruff: code, pywardRules: [], pyward: null, ruffCount: 0 };
    byCode.set(code, row);
  }
  for (const row of byCode.values()) row.ruffCount = ruffByCode ? (ruffByCode.get(row.ruff) ?? 0) : null;
  const natural = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });
  return [...[...byCode.values()].sort((a, b) => natural(a.ruff, b.ruff)), ...unmatched.sort((a, b) => natural(a.pywardRules[0], b.pywardRules[0]))];
}

interface EditTarget {
  path: string;
  text: string;
  sites: EditSites;
  /** Larger files passed over, and why. */
  passedOver: { path: string; lines: number; why: string }[];
}

/**
 * The largest file (by lines) with enough identifiers inside calls to edit; data files such as
 * pydoc's topics.py (one huge dict of strings) have none and are passed over.
 */
async function chooseEditTarget(files: readonly { path: string; lines: number }[], editFile: string | undefined, edits: number, root: string): Promise<EditTarget | undefined> {
  if (editFile) {
    const text = readFileSync(editFile, 'utf8');
    return { path: editFile, text, sites: await findEditSites(text), passedOver: [] };
  }
  const bySize = [...files].sort((a, b) => b.lines - a.lines).slice(0, 10);
  const passedOver: EditTarget['passedOver'] = [];
  let best: EditTarget | undefined;
  for (const file of bySize) {
    const text = readFileSync(file.path, 'utf8');
    const sites = await findEditSites(text);
    if (sites.identifiers.length >= edits) return { path: file.path, text, sites, passedOver };
    if (!best || sites.identifiers.length > best.sites.identifiers.length) best = { path: file.path, text, sites, passedOver: [] };
    passedOver.push({ path: relative(root, file.path) || basename(file.path), lines: file.lines, why: `${sites.identifiers.length} identifiers inside calls, fewer than ${edits} edit positions` });
  }
  return best ? { ...best, passedOver } : undefined;
}

function environment() {
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    /** 1-minute load average when the run started: other work on the machine skews the figures. */
    loadAverage: round(loadavg()[0], 2),
    date: new Date().toISOString(),
  };
}

function distributionJson(d: Distribution) {
  return { count: d.count, p50Ms: round(d.p50), p95Ms: round(d.p95), maxMs: round(d.max), meanMs: round(d.mean), minMs: round(d.min) };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const registry = new RuleRegistry(ALL_RULES);
  const env = environment();
  const log = (line = ''): void => {
    if (!options.json) console.log(line);
  };

  warmFileCache(options.paths);

  // 1. Pyward's full audit, first, so that the process's peak memory so far is the audit's.
  const audit = await runAudit(options);
  const a = audit.figures;
  const root = audit.root;

  // 2. Ruff, same files, same process.
  let ruff: RuffResult | undefined;
  if (options.ruff) ruff = runRuff(audit.files);

  // 3. Incremental edits on the largest file.
  const target = await chooseEditTarget(audit.files, options.editFile, options.edits, root);
  let edits: EditResult | undefined;
  if (target) edits = await benchEdits(target.path, target.text, registry, target.sites, { ...DEFAULT_EDIT_OPTIONS, edits: options.edits, flow: options.flow });

  const loadAtEnd = round(loadavg()[0], 2);
  const rows = ruleRows(registry, a.findingsByRule, ruff?.byCode);
  const ratio = ruff ? a.wallMs / ruff.wallMs : undefined;
  const editPath = (path: string): string => (path.startsWith(root) ? relative(root, path) : path);

  if (options.json) {
    console.log(
      JSON.stringify(
        {
          environment: { ...env, loadAverageAtEnd: loadAtEnd },
          corpus: { paths: options.paths, root },
          rules: registry.rules.length,
          pyward: {
            jobs: options.jobs ?? null,
            files: a.files,
            lines: a.lines,
            skipped: a.skipped,
            skippedByReason: a.skippedByReason,
            wallMs: round(a.wallMs, 1),
            filesPerSecond: round(rate(a.files, a.wallMs), 1),
            linesPerSecond: round(rate(a.lines, a.wallMs), 0),
            findings: a.findings,
            memory: a.memory,
          },
          ruff: ruff
            ? {
                package: `${RUFF_PACKAGE}@${ruff.version}`,
                settings: ruff.settings,
                files: ruff.files,
                lines: ruff.lines,
                wallMs: round(ruff.wallMs, 1),
                initMs: round(ruff.initMs, 1),
                readMs: round(ruff.readMs, 1),
                checkMs: round(ruff.checkMs, 1),
                filesPerSecond: round(rate(ruff.files, ruff.wallMs), 1),
                linesPerSecond: round(rate(ruff.lines, ruff.wallMs), 0),
                diagnostics: ruff.diagnostics,
                syntaxErrors: ruff.syntaxErrors,
                failures: ruff.failures,
              }
            : null,
          pywardOverRuffWallTime: ratio === undefined ? null : round(ratio, 3),
          byRuleCode: rows.map((row) => ({ ruffCode: row.ruff === '—' ? null : row.ruff, pywardRules: row.pywardRules, pywardFindings: row.pyward, ruffDiagnostics: row.ruffCount })),
          edits: edits
            ? {
                file: editPath(edits.file),
                passedOver: target?.passedOver ?? [],
                lines: edits.lines,
                characters: edits.characters,
                findings: edits.findings,
                candidates: edits.candidates,
                firstAnalysisMs: round(edits.firstAnalysisMs),
                fromScratch: { runs: edits.fromScratch.runs, medianMs: round(edits.fromScratch.medianMs), minMs: round(edits.fromScratch.minMs) },
                insertDelete: {
                  positions: edits.insertDelete.positions,
                  all: distributionJson(edits.insertDelete.all),
                  insert: distributionJson(edits.insertDelete.insert),
                  delete: distributionJson(edits.insertDelete.delete),
                },
                typing: {
                  line: TYPED_LINE,
                  functions: edits.typing.functions,
                  keystrokesPerLine: edits.typing.keystrokesPerLine,
                  all: distributionJson(edits.typing.all),
                  byKeystroke: edits.typing.byKeystroke.map(({ key, medianMs }) => ({ key, medianMs: round(medianMs) })),
                  linesWithFinding: edits.typing.linesWithFinding,
                },
                incrementalMatchesFromScratch: edits.incrementalMatchesFromScratch,
              }
            : null,
        },
        null,
        2,
      ),
    );
    return;
  }

  log(`Pyward benchmark — ${env.date}`);
  log(`node ${env.node}, ${env.platform}, ${env.cores} cores (${env.cpu}); ${registry.rules.length} Pyward rules`);
  log(`load average (1 min): ${env.loadAverage} at start, ${loadAtEnd} at end (other processes on the machine skew the figures)`);
  log(`corpus: ${options.paths.map((p) => relative(process.cwd(), p) || '.').join(', ')}`);
  log();

  log('Full audit — Pyward (auditPaths)');
  log(`  jobs              ${options.jobs ?? 'default'}`);
  log(`  files             ${count(a.files)}${a.skipped ? `  (skipped ${count(a.skipped)}: ${Object.entries(a.skippedByReason).map(([r, n]) => `${n} ${r}`).join('; ')})` : ''}`);
  log(`  lines             ${count(a.lines)}`);
  log(`  wall time         ${ms(a.wallMs)}`);
  log(`  files/s           ${count(rate(a.files, a.wallMs))}`);
  log(`  lines/s           ${count(rate(a.lines, a.wallMs))}`);
  log(`  findings          ${count(a.findings)}`);
  log(`  peak memory       ${bytes(a.memory.maxRssBytes)} max RSS (process, all threads; ${bytes(a.memory.maxRssBeforeBytes)} before the audit)`);
  log(`  heap used         ${bytes(a.memory.heapUsedPeakBytes)} peak sampled, ${bytes(a.memory.heapUsedAfterBytes)} after (main thread)`);
  log();

  if (ruff) {
    log(`Same files — Ruff ${ruff.version} flake8-bandit (select S, target py311), WebAssembly, single thread`);
    log(`  files             ${count(ruff.files)}${ruff.failures.length ? `  (${ruff.failures.length} failed: ${ruff.failures.slice(0, 3).map((f) => editPath(f.path)).join(', ')})` : ''}`);
    log(`  wall time         ${ms(ruff.wallMs)}  (load ${ms(ruff.initMs)}, read ${ms(ruff.readMs)}, check ${ms(ruff.checkMs)})`);
    log(`  files/s           ${count(rate(ruff.files, ruff.wallMs))}`);
    log(`  lines/s           ${count(rate(ruff.lines, ruff.wallMs))}`);
    log(`  diagnostics       ${count(ruff.diagnostics)} S-rule diagnostics${ruff.syntaxErrors ? ` (+ ${count(ruff.syntaxErrors)} syntax errors, not counted)` : ''}`);
    log();
    log(`Pyward / Ruff wall time: ${ratio!.toFixed(2)}  (${ratio! <= 1 ? 'Pyward within Ruff\'s time' : 'Pyward slower'})`);
    log();
  }

  log(`Findings per rule code${ruff ? ' (Pyward vs Ruff S rules; different rules, shown for comparison only)' : ''}`);
  const totalRow = ['total', '', count(a.findings), ruff ? count(ruff.diagnostics) : '—'];
  log(
    table(
      ['Ruff code', 'Pyward rules (Bandit)', ' Pyward', ' Ruff'],
      [...rows.map((row) => [row.ruff, row.pywardRules.join(', ') || '—', row.pyward === null ? '—' : count(row.pyward), row.ruffCount === null ? '—' : count(row.ruffCount)]), totalRow],
    )
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n'),
  );
  log();

  if (!edits || !target) {
    log('Incremental edits: no file to edit.');
    return;
  }
  log(`Incremental edits — ${editPath(edits.file)} (${count(edits.lines)} lines, ${count(edits.findings)} findings)`);
  for (const skipped of target.passedOver) log(`  passed over ${skipped.path} (${count(skipped.lines)} lines): ${skipped.why}`);
  log(`  first analysis after open (cold)        ${ms(edits.firstAnalysisMs)}`);
  log(`  from-scratch analysis (warm)            ${ms(edits.fromScratch.medianMs)} median of ${edits.fromScratch.runs}, ${ms(edits.fromScratch.minMs)} min`);
  const line = (label: string, d: Distribution): string => `  ${label.padEnd(40)}p50 ${ms(d.p50)}  p95 ${ms(d.p95)}  max ${ms(d.max)}  (${count(d.count)} edits)`;
  log(`  insert + delete one character inside an identifier in a call, at ${edits.insertDelete.positions} positions (applyChanges + analyze each):`);
  log(line('    all changes', edits.insertDelete.all));
  log(line('    inserts', edits.insertDelete.insert));
  log(line('    deletes', edits.insertDelete.delete));
  log(`  typing "${TYPED_LINE}" as a new last line of ${edits.typing.functions} function bodies (Enter + indentation, then 1 char per keystroke):`);
  log(line('    keystrokes', edits.typing.all));
  log(`    median by keystroke: ${edits.typing.byKeystroke.map(({ key, medianMs }) => `${key === ' ' ? '␠' : key} ${medianMs.toFixed(1)}`).join('  ')} (ms)`);
  log(`    lines flagged after the last keystroke: ${edits.typing.linesWithFinding}/${edits.typing.functions} (yaml is only resolved where the file imports it)`);
  log(`  findings after all edits were undone equal a from-scratch analysis: ${edits.incrementalMatchesFromScratch ? 'yes' : 'NO'}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
