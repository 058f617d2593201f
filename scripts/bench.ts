// Pyward's benchmark: prints figures a person can compare; asserts nothing.
//
//   npm run bench:corpus                      # real code from Debian packages into bench-corpus/
//   npm run bench -- DIR [DIR...] [--jobs N] [--runs N] [--no-flow] [--no-ruff] [--edits N] [--edit-file FILE] [--json]
//
// 1. A full audit of the folders with Pyward (auditPaths) in a child process of its own, with no
//    special V8 flags, as users run it: wall time, CPU seconds, peak RSS, and where the time
//    goes (read, parse, query, resolve, rules by family, project facts, report).
// 2. The same Python files through Ruff's flake8-bandit rules (S) compiled to WebAssembly, in
//    two more child processes: under `node --liftoff-only` (V8's baseline compiler only, which
//    starts Ruff's large module at once) and with V8's defaults (TurboFan compiles it on the clock).
// 3. Incremental-edit latency on the largest file, through the engine's document model exactly
//    as the language server drives it (applyChanges + analyze per keystroke), in this process.
// Steps 1 and 2 are repeated --runs times (default 3); the load average is printed with each run.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, closeSync, existsSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { RuleRegistry } from '../server/src/engine/registry';
import { ALL_RULES } from '../server/src/rules/index';
import type { AuditChildInput, AuditChildOutput } from './bench/audit-child';
import { runChild } from './bench/child';
import { DEFAULT_EDIT_OPTIONS, type EditResult, type EditSites, type TypingTimes, TYPED_LINE, benchEdits, findEditSites } from './bench/edits';
import type { RuffChildOutput } from './bench/ruff-child';
import { RUFF_PACKAGE } from './bench/ruff';
import { type Distribution, bytes, count, median, ms, rate, round, table } from './bench/stats';

interface Options {
  paths: string[];
  jobs?: number;
  runs: number;
  flow: boolean;
  ruff: boolean;
  edits: number;
  editFile?: string;
  json: boolean;
}

const USAGE = `usage: npm run bench -- DIR [DIR...] [options]

  --jobs N          worker count passed to auditPaths (default: its own)
  --runs N          audits (and Ruff runs) to time (default 3)
  --no-flow         audit without the data-flow analysis (AnalysisOptions.flow = false)
  --no-ruff         skip the Ruff (flake8-bandit, WebAssembly) comparison
  --edits N         edit positions for the incremental-edit latency (default ${DEFAULT_EDIT_OPTIONS.edits}; 0 skips the edits)
  --edit-file FILE  measure edits on FILE instead of the corpus's largest file
  --json            print the figures as JSON

Get a corpus of real code first with: npm run bench:corpus`;

function parseArgs(argv: string[]): Options {
  const options: Options = { paths: [], runs: 3, flow: true, ruff: true, edits: DEFAULT_EDIT_OPTIONS.edits, json: false };
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
      case '--runs':
        options.runs = integer(take(), arg, 1);
        break;
      case '--edits':
        options.edits = integer(take(), arg, 0);
        break;
      case '--edit-file':
        options.editFile = resolve(take());
        break;
      case '--no-flow':
        options.flow = false;
        break;
      case '--no-ruff':
        options.ruff = false;
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
 * Reads every .py file once into a reused buffer (no strings kept), so that neither tool pays
 * for a cold disk cache.
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

interface Run {
  /** 1-minute load average when the run started. */
  load: number;
  pyward: AuditChildOutput & { processWallMs: number };
  ruffLiftoff?: RuffChildOutput & { processWallMs: number };
  ruffDefault?: RuffChildOutput & { processWallMs: number };
}

function runOnce(options: Options, filesList: () => string): Run {
  const load = round(loadavg()[0], 2);
  const input: AuditChildInput = { paths: options.paths, jobs: options.jobs, flow: options.flow };
  const audit = runChild<AuditChildOutput>(join(__dirname, 'bench', 'audit-child.js'), [JSON.stringify(input)]);
  const run: Run = { load, pyward: { ...audit.output, processWallMs: audit.processWallMs } };
  if (options.ruff) {
    const list = filesList();
    if (!existsSync(list)) writeFileSync(list, JSON.stringify(audit.output.pythonFiles));
    const ruffScript = join(__dirname, 'bench', 'ruff-child.js');
    const liftoff = runChild<RuffChildOutput>(ruffScript, [list], ['--liftoff-only']);
    run.ruffLiftoff = { ...liftoff.output, processWallMs: liftoff.processWallMs };
    const turbofan = runChild<RuffChildOutput>(ruffScript, [list]);
    run.ruffDefault = { ...turbofan.output, processWallMs: turbofan.processWallMs };
  }
  return run;
}

/** The phases in a stable order: the pipeline's, then rules by family, then the rest. */
function phaseOrder(phases: Record<string, number>): string[] {
  const pipeline = ['read', 'parse', 'query', 'resolve', 'flow'];
  const rules = Object.keys(phases).filter((p) => p.startsWith('rules:')).sort((a, b) => phases[b] - phases[a]);
  const rest = ['facts', 'report'];
  return [...pipeline, ...rules, ...rest].filter((p) => phases[p] !== undefined);
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
  const scratch = mkdtempSync(join(tmpdir(), 'pyward-bench-'));
  const runs: Run[] = [];
  try {
    for (let i = 0; i < options.runs; i++) {
      runs.push(runOnce(options, () => join(scratch, 'files.json')));
      if (!options.json) process.stderr.write(`run ${i + 1}/${options.runs} done\n`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const first = runs[0].pyward;
  const root = commonRoot(options.paths);

  // Incremental edits on the largest file, in this process.
  const target = options.edits > 0 ? await chooseEditTarget(first.largest, options.editFile, options.edits, root) : undefined;
  let edits: EditResult | undefined;
  const loadBeforeEdits = round(loadavg()[0], 2);
  if (target) edits = await benchEdits(target.path, target.text, registry, target.sites, { ...DEFAULT_EDIT_OPTIONS, edits: options.edits });

  const loadAtEnd = round(loadavg()[0], 2);
  const med = (pick: (run: Run) => number | undefined): number => median(runs.map(pick).filter((v): v is number => v !== undefined));
  const phases: Record<string, number> = {};
  for (const phase of new Set(runs.flatMap((run) => Object.keys(run.pyward.phases)))) phases[phase] = med((run) => run.pyward.phases[phase] ?? 0);
  const editPath = (path: string): string => (path.startsWith(root) ? relative(root, path) : path);
  const ruffByCode = runs[0].ruffLiftoff ? new Map(Object.entries(runs[0].ruffLiftoff.byCode)) : undefined;
  const rows = ruleRows(registry, new Map(Object.entries(first.findingsByRule)), ruffByCode);

  if (options.json) {
    console.log(
      JSON.stringify(
        {
          environment: { ...env, loadAverageBeforeEdits: loadBeforeEdits, loadAverageAtEnd: loadAtEnd },
          corpus: { paths: options.paths, root },
          rules: registry.rules.length,
          flow: options.flow,
          runs: runs.map((run) => ({
            loadAverage: run.load,
            pyward: { wallMs: round(run.pyward.wallMs, 1), processWallMs: round(run.pyward.processWallMs, 1), cpuMs: round(run.pyward.cpuMs, 1), maxRssBytes: run.pyward.maxRssBytes, phasesMs: roundAll(run.pyward.phases) },
            ruffLiftoff: run.ruffLiftoff && ruffJson(run.ruffLiftoff),
            ruffDefault: run.ruffDefault && ruffJson(run.ruffDefault),
          })),
          pyward: { jobs: options.jobs ?? null, files: first.files, lines: first.lines, skipped: first.skipped, skippedByReason: first.skippedByReason, findings: first.findings },
          ruff: runs[0].ruffLiftoff ? { package: `${RUFF_PACKAGE}@${runs[0].ruffLiftoff.version}`, settings: runs[0].ruffLiftoff.settings, files: runs[0].ruffLiftoff.files, diagnostics: runs[0].ruffLiftoff.diagnostics } : null,
          byRuleCode: rows.map((row) => ({ ruffCode: row.ruff === '—' ? null : row.ruff, pywardRules: row.pywardRules, pywardFindings: row.pyward, ruffDiagnostics: row.ruffCount })),
          edits: edits ? editsJson(edits, target!, editPath) : null,
        },
        null,
        2,
      ),
    );
    return;
  }

  log(`Pyward benchmark — ${env.date}`);
  log(`node ${env.node}, ${env.platform}, ${env.cores} cores (${env.cpu}); ${registry.rules.length} Pyward rules; data flow ${options.flow ? 'on' : 'off (--no-flow)'}`);
  log(`corpus: ${options.paths.map((p) => relative(process.cwd(), p) || '.').join(', ')} — ${count(first.files)} files, ${count(first.lines)} lines${first.skipped ? ` (skipped ${count(first.skipped)}: ${Object.entries(first.skippedByReason).map(([r, n]) => `${n} ${r}`).join('; ')})` : ''}, ${count(first.findings)} findings`);
  log(`each tool in a child process of its own; load average (1 min) printed per run; other processes on the machine skew the figures`);
  log();

  const header = ['run', 'load', 'Pyward wall', 'CPU', 'peak RSS', ...(options.ruff ? ['Ruff liftoff wall', 'CPU', 'RSS', 'Ruff default wall', 'CPU', 'RSS', 'Pyward/liftoff'] : [])];
  const rowOf = (label: string, load: string, p: { wall: number; cpu: number; rss: number }, l?: { wall: number; cpu: number; rss: number }, d?: { wall: number; cpu: number; rss: number }) => [
    label,
    load,
    ms(p.wall),
    ms(p.cpu),
    bytes(p.rss),
    ...(l && d ? [ms(l.wall), ms(l.cpu), bytes(l.rss), ms(d.wall), ms(d.cpu), bytes(d.rss), (p.wall / l.wall).toFixed(2)] : []),
  ];
  const figures = (run: Run) => ({
    p: { wall: run.pyward.processWallMs, cpu: run.pyward.cpuMs, rss: run.pyward.maxRssBytes },
    l: run.ruffLiftoff && { wall: run.ruffLiftoff.processWallMs, cpu: run.ruffLiftoff.cpuMs, rss: run.ruffLiftoff.maxRssBytes },
    d: run.ruffDefault && { wall: run.ruffDefault.processWallMs, cpu: run.ruffDefault.cpuMs, rss: run.ruffDefault.maxRssBytes },
  });
  const tableRows = runs.map((run, i) => {
    const f = figures(run);
    return rowOf(String(i + 1), run.load.toFixed(2), f.p, f.l, f.d);
  });
  if (runs.length > 1) {
    const pick = (key: 'p' | 'l' | 'd', field: 'wall' | 'cpu' | 'rss') => med((run) => figures(run)[key]?.[field]);
    const m = (key: 'p' | 'l' | 'd') => ({ wall: pick(key, 'wall'), cpu: pick(key, 'cpu'), rss: pick(key, 'rss') });
    tableRows.push(rowOf('median', '', m('p'), options.ruff ? m('l') : undefined, options.ruff ? m('d') : undefined));
  }
  log('Full audit, wall time of each process from spawn to exit (Pyward: auditPaths + JSON report; Ruff: one Workspace.check per file)');
  log(table(header, tableRows).split('\n').map((line) => `  ${line}`).join('\n'));
  if (runs[0].ruffLiftoff) log(`  Ruff: ${RUFF_PACKAGE}@${runs[0].ruffLiftoff.version}, select S, target py311, single thread; ${count(runs[0].ruffLiftoff.files)} .py files, ${count(runs[0].ruffLiftoff.diagnostics)} diagnostics`);
  log();

  const phaseTotal = Object.values(phases).reduce((a, b) => a + b, 0);
  log(`Where Pyward's time goes (median of ${runs.length} run${runs.length === 1 ? '' : 's'}; milliseconds summed over every thread; ${ms(phaseTotal)} in all, ${ms(med((run) => run.pyward.cpuMs))} CPU for the process)`);
  log(
    table(
      ['phase', ' time', ' share'],
      phaseOrder(phases).map((phase) => [phase, ms(phases[phase]), `${((100 * phases[phase]) / phaseTotal).toFixed(1)} %`]),
    )
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n'),
  );
  log();

  log(`Findings per rule code${ruffByCode ? ' (Pyward vs Ruff S rules; different rules, shown for comparison only)' : ''}`);
  const totalRow = ['total', '', count(first.findings), ruffByCode ? count(runs[0].ruffLiftoff!.diagnostics) : '—'];
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
    log('Incremental edits: none measured.');
    return;
  }
  log(`Incremental edits — ${editPath(edits.file)} (${count(edits.lines)} lines, ${count(edits.findings)} findings); load average ${loadBeforeEdits} before, ${loadAtEnd} after`);
  for (const skipped of target.passedOver) log(`  passed over ${skipped.path} (${count(skipped.lines)} lines): ${skipped.why}`);
  log(`  first analysis after open (cold)        ${ms(edits.firstAnalysisMs)}`);
  log(`  from-scratch analysis (warm)            ${ms(edits.fromScratch.medianMs)} median of ${edits.fromScratch.runs}, ${ms(edits.fromScratch.minMs)} min`);
  const line = (label: string, d: Distribution): string => `  ${label.padEnd(40)}p50 ${ms(d.p50)}  p95 ${ms(d.p95)}  max ${ms(d.max)}  (${count(d.count)} edits)`;
  log(`  insert + delete one character inside an identifier in a call, at ${edits.insertDelete.positions} positions (applyChanges + analyze each):`);
  log(line('    all changes', edits.insertDelete.all));
  log(line('    inserts', edits.insertDelete.insert));
  log(line('    deletes', edits.insertDelete.delete));
  log(`  typing "${TYPED_LINE}" as a new last line of ${edits.typing.functions} function bodies (Enter + indentation, then 1 char per keystroke)${edits.typing.importAdded ? ', after adding `import yaml` at the top' : ''}:`);
  const keystrokes = (typed: TypingTimes) => {
    log(line('    keystrokes', typed.all));
    log(line('      of which tree-sitter\'s re-parse', typed.parse));
    log(line('      of which the analysis', typed.analysis));
  };
  keystrokes(edits.typing);
  log(`    median by keystroke: ${edits.typing.byKeystroke.map(({ key, medianMs }) => `${key === ' ' ? '␠' : key} ${medianMs.toFixed(1)}`).join('  ')} (ms)`);
  log(`    typed lines flagged (yaml.load) after the last keystroke: ${edits.typing.linesWithFinding}/${edits.typing.functions}`);
  log(`  the same lines with VS Code's auto-closed brackets (\`(\` inserts \`()\`, \`)\` types over it: no change):`);
  keystrokes(edits.typing.autoClosed);
  log(`    typed lines flagged (yaml.load) after the last keystroke: ${edits.typing.autoClosed.linesWithFinding}/${edits.typing.functions}`);
  log(`  findings after all edits were undone equal a from-scratch analysis: ${edits.incrementalMatchesFromScratch ? 'yes' : 'NO'}`);
}

function typingTimesJson(typed: TypingTimes) {
  return { all: distributionJson(typed.all), parse: distributionJson(typed.parse), analysis: distributionJson(typed.analysis) };
}

function ruffJson(r: RuffChildOutput & { processWallMs: number }) {
  return { processWallMs: round(r.processWallMs, 1), wallMs: round(r.wallMs, 1), initMs: round(r.initMs, 1), checkMs: round(r.checkMs, 1), cpuMs: round(r.cpuMs, 1), maxRssBytes: r.maxRssBytes, files: r.files, diagnostics: r.diagnostics };
}

function roundAll(values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, round(v, 1)]));
}

function editsJson(edits: EditResult, target: EditTarget, editPath: (path: string) => string) {
  return {
    file: editPath(edits.file),
    passedOver: target.passedOver,
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
      importAdded: edits.typing.importAdded,
      functions: edits.typing.functions,
      keystrokesPerLine: edits.typing.keystrokesPerLine,
      ...typingTimesJson(edits.typing),
      autoClosed: { ...typingTimesJson(edits.typing.autoClosed), linesWithFinding: edits.typing.autoClosed.linesWithFinding },
      byKeystroke: edits.typing.byKeystroke.map(({ key, medianMs }) => ({ key, medianMs: round(medianMs) })),
      linesWithFinding: edits.typing.linesWithFinding,
    },
    incrementalMatchesFromScratch: edits.incrementalMatchesFromScratch,
  };
}

/** The deepest folder holding every path. */
function commonRoot(paths: readonly string[]): string {
  const split = paths.map((path) => (statSync(path).isDirectory() ? path : join(path, '..')).split('/'));
  const parts: string[] = [];
  for (let i = 0; split.every((p) => p[i] !== undefined && p[i] === split[0][i]); i++) parts.push(split[0][i]);
  return parts.join('/') || '/';
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
