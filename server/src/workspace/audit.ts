// Auditing a workspace: discover the files under some paths and analyse them all, on
// every core. Used by the CLI, the benchmark and the language server's "Audit Workspace".
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { UserSettings } from '../engine/config/configuration';
import type { Finding } from '../engine/finding';
import { addPhases, phaseClock } from '../engine/phases';
import { analyzeFile, type AuditSetup, type FileOutcome, forgetConfiguration } from './analyze-file';
import type { FromWorker, ToWorker } from './protocol';
import { auditDelivery, deliverFlows } from './deliver-flows';
import { WorkQueue } from './work-queue';
import { compareSegments, DEFAULT_MAX_FILE_SIZE, discoverFiles, discoveryOptions, toPosix } from './walk';

export { PathError, DEFAULT_MAX_FILE_SIZE } from './walk';

export interface AuditOptions {
  /** Worker threads to analyse with; defaults to the number of cores. 1 analyses in-process. */
  jobs?: number;
  /** Files larger than this many bytes are skipped; defaults to 1 MiB. */
  maxFileSize?: number;
  /** Called after each file is analysed or skipped at analysis time. */
  onProgress?(done: number, total: number): void;
  /** The user's settings (command line or editor); each project's pyproject.toml adds its own. */
  settings?: UserSettings;
  /** Folders no project extends above (the editor's workspace folders); the audit's root by default. */
  boundaries?: readonly string[];
  /** Stops dispatching files when aborted; the files already analysed are kept (`cancelled` is set). */
  signal?: AbortSignal;
  /** Outcomes of unchanged files from an earlier audit (the editor's content-hash cache). */
  cache?: AuditCache;
  /** Whether the data-flow analysis runs (default true); `pyward`'s benchmark turns it off with `--no-flow`. */
  flow?: boolean;
  /** Time the phases of analysis on every thread (the benchmark): `AuditResult.phases`. */
  phases?: boolean;
  /**
   * This thread analyses files too, beside `jobs - 1` workers: a command-line audit, whose
   * thread is idle otherwise, saves a worker's start-up and memory (the engine, the grammar and
   * the shipped data are loaded once per thread). Not for the language server, whose thread
   * must stay free for the editor.
   */
  analyzeOnMainThread?: boolean;
  /**
   * Leave each traced finding where it was found, at the call into a helper, instead of moving
   * it to its sink in the helper's file (`deliverFlows`): for the editor's audit, which moves
   * them itself and must do it again when a file changes.
   */
  flowsAtCalls?: boolean;
}

/** Reuses the outcome of files whose content has not changed. */
export interface AuditCache {
  /** Called once per audit with every file found, before any lookup (to notice project-wide changes). */
  prepare?(files: readonly string[], setup: AuditSetup): void;
  /** The remembered outcome of this file, if its content (and the setup) are unchanged. */
  lookup(path: string, setup: AuditSetup): FileOutcome | undefined;
  /** Remembers a file's outcome, for the next audit. */
  store(path: string, outcome: FileOutcome): void;
}

export interface FileResult {
  /** Absolute path. */
  path: string;
  /** Path from the audit's root, with forward slashes. */
  relativePath: string;
  lines: number;
  /**
   * The text that was analysed (byte order mark removed). Kept only for files with findings,
   * where reports need it for line and column numbers and line hashes.
   */
  text?: string;
  /** In order of position. */
  findings: Finding[];
}

export interface SkippedFile {
  path: string;
  relativePath: string;
  /** Why, for people: "too large (…)", "binary (…)", "not valid UTF-8", "unreadable (…)", … */
  reason: string;
}

export interface AuditResult {
  /** The deepest folder holding every path audited; relative paths and URIs are from it. */
  root: string;
  /** Files analysed, sorted by relative path. */
  files: FileResult[];
  /** Files (and unreadable folders) left out, sorted by relative path. */
  skipped: SkippedFile[];
  /** Problems with the projects' configuration (a malformed pyproject.toml…), each once. */
  configurationProblems: string[];
  /** Files the user's or the project's exclude patterns left out (relative paths). */
  excluded?: string[];
  /** The audit was stopped (AuditOptions.signal): files not reached yet are in neither list. */
  cancelled?: boolean;
  /** Milliseconds per phase, summed over every thread (AuditOptions.phases). */
  phases?: Record<string, number>;
  /** Files audited although the repository's ignore files ignore them (its suppressions ignored). */
  ignoredByRepository?: ReadonlySet<string>;
}

/** How a file the repository's `.gitignore` ignores would have been hidden: said on each of its findings. */
export const GITIGNORED = '`.gitignore` ignores this file';

/** A file's findings, marked as the repository would hide them when its ignore files ignore it. */
export function markIgnoredByRepository(findings: Finding[], ignored: boolean): Finding[] {
  return ignored ? findings.map((finding) => (finding.projectSuppression === undefined ? { ...finding, projectSuppression: GITIGNORED } : finding)) : findings;
}

/**
 * An audit's files as reported: each traced flow moved to its sink when the sink's file is among
 * them (unless `flowsAtSinks` is false), and the findings of files the repository ignores marked.
 */
export function reportedFiles(files: readonly FileResult[], setup: AuditSetup, ignoredByRepository: ReadonlySet<string> | undefined, { flowsAtSinks = true } = {}): FileResult[] {
  const placed = flowsAtSinks ? deliverFlows(files, auditDelivery(setup)) : files;
  return placed.map((file) => ({ ...file, findings: markIgnoredByRepository(file.findings, ignoredByRepository?.has(file.path) ?? false) }));
}

/**
 * Up to this many files, analysing in-process is faster: a worker takes ~200 ms to start (loading
 * the engine and compiling the grammar) while a typical file takes a few milliseconds.
 */
const HANDFUL = 32;
/** Files looked up in the cache between two turns of the event loop. */
const CACHE_BATCH = 128;
/** Upper bound on files per batch sent to a worker: small, so that no core idles at the end. */
const MAX_BATCH = 8;
/** Batches a worker holds at once: the next is already there when one is done. */
const BATCHES_IN_FLIGHT = 2;

/**
 * Megabytes of a worker's heap for new objects, which V8 otherwise sizes by the machine's memory
 * (48 on a 24 GiB machine). An analysis's objects die young or live as long as the audit: a
 * smaller space costs no time and saves memory.
 */
const WORKER_YOUNG_GENERATION_MB = 12;

function startWorker(): Worker {
  return new Worker(join(__dirname, 'worker.js'), { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
}

/**
 * Audits the files under `paths` (files or folders; the current folder when empty).
 * Throws PathError when a path does not exist.
 */
export async function auditPaths(paths: string[], options: AuditOptions = {}): Promise<AuditResult> {
  // Each audit reads its projects afresh (they are snapshots: see `configurationFor`): files may
  // have changed since the last one (the editor's audits, `pyward fix` between two).
  forgetConfiguration();
  const requested = options.jobs ?? availableParallelism();
  const jobs = Number.isFinite(requested) ? Math.max(1, Math.floor(requested)) : 1;
  // Workers take ~150 ms to load the engine and grammar: start them while the files are found.
  // With a cache, most files of a repeated audit need no worker at all: start them only if needed.
  const workers = options.analyzeOnMainThread ? jobs - 1 : jobs;
  const warm: Worker[] = jobs > 1 && !options.cache ? Array.from({ length: workers }, startWorker) : [];
  let discovery: Awaited<ReturnType<typeof discoverFiles>>;
  try {
    discovery = await discoverFiles(paths, discoveryOptions(options.settings));
  } catch (error) {
    for (const worker of warm) void worker.terminate();
    throw error;
  }
  const { root } = discovery;
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const total = discovery.files.length;
  const outcomes: FileOutcome[] = new Array(total);
  let done = 0;
  const record = (index: number, outcome: FileOutcome) => {
    outcomes[index] = outcome;
    done++;
    options.onProgress?.(done, total);
  };

  // Projects never reach above the audited folder, so an audit reads nothing outside it.
  const setup: AuditSetup = { maxFileSize, settings: options.settings ?? {}, boundaries: options.boundaries ?? [root] };
  if (options.flow === false) setup.flow = false;
  const phases: Record<string, number> | undefined = options.phases ? {} : undefined;
  if (phases) {
    phaseClock.enabled = true;
    phaseClock.take();
  }
  const { cache, signal } = options;
  const pending: number[] = [];
  cache?.prepare?.(discovery.files, setup);
  for (let index = 0; index < total; index++) {
    // Looking files up reads and hashes them on this thread: let the editor's requests (a
    // keystroke's analysis) in between batches.
    if (cache && index % CACHE_BATCH === CACHE_BATCH - 1) await new Promise((resolve) => setImmediate(resolve));
    const remembered = cache?.lookup(discovery.files[index], setup);
    if (remembered) record(index, remembered);
    else pending.push(index);
  }
  const recordAnalyzed = (at: number, outcome: FileOutcome) => {
    const index = pending[at];
    cache?.store(discovery.files[index], outcome);
    record(index, outcome);
  };
  const pendingFiles = pending.map((index) => discovery.files[index]);
  if (jobs === 1 || pendingFiles.length <= HANDFUL) {
    for (const worker of warm) void worker.terminate();
    for (let at = 0; at < pendingFiles.length && !signal?.aborted; at++) recordAnalyzed(at, await analyzeFile(pendingFiles[at], setup));
  } else {
    await analyzeInWorkers(pendingFiles, Math.min(jobs, pendingFiles.length), setup, recordAnalyzed, warm, signal, phases, options.analyzeOnMainThread ?? false);
  }
  if (phases) {
    addPhases(phases, phaseClock.take());
    phaseClock.enabled = false;
  }

  const relativePath = (path: string) => toPosix(relative(root, path)) || '.';
  const files: FileResult[] = [];
  const skipped: SkippedFile[] = discovery.skipped.map(({ path, reason }) => ({ path, relativePath: relativePath(path), reason }));
  const problems = new Set<string>();
  const excluded: string[] = [];
  discovery.files.forEach((path, index) => {
    const outcome = outcomes[index];
    if (outcome === undefined) return; // not reached: cancelled
    if (outcome.kind === 'excluded') {
      excluded.push(relativePath(path));
      return;
    }
    if (outcome.kind === 'skipped') {
      skipped.push({ path, relativePath: relativePath(path), reason: outcome.reason });
      return;
    }
    for (const problem of outcome.problems ?? []) problems.add(problem);
    const file: FileResult = { path, relativePath: relativePath(path), lines: outcome.lines, findings: outcome.findings };
    if (outcome.text !== undefined) file.text = outcome.text;
    files.push(file);
  });
  const reported = reportedFiles(files, setup, discovery.ignoredByRepository, { flowsAtSinks: !options.flowsAtCalls });
  // Discovery's own skips and the ones found reading files, merged into path order.
  skipped.sort((a, b) => compareSegments(a.relativePath.split('/'), b.relativePath.split('/')));
  const result: AuditResult = { root, files: reported, skipped, configurationProblems: [...problems] };
  if (excluded.length > 0) result.excluded = excluded.sort();
  if (discovery.ignoredByRepository.size > 0) result.ignoredByRepository = discovery.ignoredByRepository;
  if (phases) result.phases = phases;
  if (signal?.aborted) result.cancelled = true;
  return result;
}

/**
 * Analyses `files` with `jobs` worker threads. Each worker takes small batches from its own
 * contiguous share of the files (see WorkQueue), then helps with the others'; each result comes
 * back with its index, so the order of completion does not matter.
 * A worker that dies (a crash in the parser, memory exhaustion) is replaced: the file it was on
 * is skipped with the reason, and the rest of its batch goes back in the queue.
 */
async function analyzeInWorkers(
  files: readonly string[],
  jobs: number,
  setup: AuditSetup,
  record: (index: number, outcome: FileOutcome) => void,
  /** Workers already started, used before new ones. */
  warm: Worker[] = [],
  /** When aborted, no more batches go out; the batches out already finish. */
  signal?: AbortSignal,
  /** Phase totals the workers send, when timing phases. */
  phases?: Record<string, number>,
  /** This thread takes files from the queue too, as one of the `jobs`. */
  onMainThread = false,
): Promise<void> {
  const batchSize = Math.max(1, Math.min(MAX_BATCH, Math.ceil(files.length / (jobs * 4))));
  const queue = new WorkQueue(files.map((_, index) => index), jobs);
  let remaining = files.length;

  await new Promise<void>((resolvePromise) => {
    let live = 0;
    const finishIfDone = () => {
      if (remaining === 0 && live === 0) resolvePromise();
    };

    const start = (owner: number) => {
      const worker = warm.pop() ?? startWorker();
      live++;
      // The files sent and not answered yet, in the order the worker analyses them.
      let pending: number[] = [];
      let batchesOut = 0;
      let lastError: unknown;
      let retired = false;

      // Keeps BATCHES_IN_FLIGHT batches with the worker, so that it never waits for this thread
      // (busy analysing a file of its own) to answer its `idle`.
      const sendMore = () => {
        if (signal?.aborted) {
          remaining -= queue.clear();
        }
        while (batchesOut < BATCHES_IN_FLIGHT && queue.length > 0) {
          const batch = queue.take(owner, batchSize);
          pending.push(...batch);
          batchesOut++;
          const message: ToWorker = { files: batch.map((index) => ({ index, path: files[index] })), setup, ...(phases ? { phases: true } : {}) };
          worker.postMessage(message);
        }
        if (batchesOut === 0) {
          retired = true;
          void worker.terminate();
        }
      };

      worker.on('message', (message: FromWorker) => {
        if (message.type === 'file') {
          pending = pending.filter((index) => index !== message.index);
          remaining--;
          record(message.index, message.outcome);
        } else {
          batchesOut--;
          if (phases && message.phases) addPhases(phases, message.phases);
          sendMore();
        }
      });
      worker.on('error', (error) => {
        lastError = error;
      });
      worker.on('exit', (code) => {
        live--;
        if (!retired && pending.length > 0) {
          const [blamed, ...rest] = pending;
          const why = lastError instanceof Error ? lastError.message : lastError !== undefined ? String(lastError) : `exit code ${code}`;
          remaining--;
          record(blamed, { kind: 'skipped', reason: `analysis crashed (${why})` });
          queue.putBack(owner, rest);
        }
        pending = [];
        if (queue.length > 0) start(owner);
        finishIfDone();
      });
      sendMore();
    };

    // One file at a time here, yielding in between, so that idle workers get their next batch.
    const analyzeHere = async () => {
      live++;
      while (queue.length > 0 && !signal?.aborted) {
        const [index] = queue.take(0, 1);
        const outcome = await analyzeFile(files[index], setup);
        remaining--;
        record(index, outcome);
        await new Promise((resolveTurn) => setImmediate(resolveTurn));
      }
      if (signal?.aborted) remaining -= queue.clear();
      live--;
      finishIfDone();
    };
    for (let owner = onMainThread ? 1 : 0; owner < jobs && queue.length > 0; owner++) start(owner);
    for (const idle of warm.splice(0)) void idle.terminate();
    if (onMainThread) void analyzeHere();
    finishIfDone();
  });
}
