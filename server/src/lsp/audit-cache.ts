// The workspace audit's content-hash cache: a file whose text has not changed since the last
// audit keeps its outcome, without being parsed again. Persisted as JSON in the extension's
// storage folder, so it survives reloads.
//
// An outcome depends on more than the file's text: the settings, the rule set, and what the
// file's project declares and installs. Those make up a stamp; when it changes, everything is
// analysed again:
// - the audit's setup (the user's settings, the maximum file size, the workspace folders);
// - the rule set (the tool's version and every rule's ID, severity and confidence);
// - the size and modification time of every non-Python file found (manifests, pyproject.toml,
//   setup.cfg, lock files, workflows), and of setup.py files;
// - the folders that hold Python files (a new package changes what is first-party);
// - the site-packages folders of the virtual environments at the folders that hold manifests.
// A Python file's outcome also depends on the helpers its data flow followed into (other files
// of the project): each is remembered with its size and modification time, and a change to one
// analyses the file again.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileKindOf } from '../engine/file-kind';
import type { AnyRule } from '../engine/file-rule';
import type { AuditSetup, FileOutcome } from '../workspace/analyze-file';
import type { AuditCache } from '../workspace/audit';
import { readSourceText } from '../workspace/walk';

/** Bumped when the file's layout or the meaning of an outcome changes. */
const FORMAT = 5;
export const CACHE_FILE_NAME = 'audit-cache.json';

type Remembered = Exclude<FileOutcome, { kind: 'skipped' }>;
/** Other files the outcome depends on → their `fileStampOf` when it was stored. */
type Reads = Record<string, string>;
type Entry = [digest: string, outcome: Remembered, reads?: Reads];

interface Stored {
  format: number;
  stamp: string;
  /** Path → [sha256 of the text, the outcome without its text, stamps of the other files it read]. */
  files: Record<string, Entry>;
}

export interface CacheStatistics {
  hits: number;
  misses: number;
}

export class AuditContentCache implements AuditCache {
  private stamp = '';
  private files = new Map<string, Entry>();
  /** Hashes computed by lookups that missed, for the store that follows. */
  private readonly hashes = new Map<string, string>();
  private dirty = false;
  readonly statistics: CacheStatistics = { hits: 0, misses: 0 };

  private constructor(
    /** Where the cache is persisted; kept in memory only when undefined. */
    private readonly file: string | undefined,
    private readonly rulesStamp: string,
  ) {}

  /** The cache persisted in `folder` (created when missing), or an empty one. */
  static open(folder: string | undefined, rules: readonly AnyRule[], toolVersion: string): AuditContentCache {
    const rulesStamp = hash(JSON.stringify([toolVersion, rules.map(({ meta }) => [meta.id, meta.severity, meta.confidence, meta.category])]));
    const cache = new AuditContentCache(folder === undefined ? undefined : join(folder, CACHE_FILE_NAME), rulesStamp);
    cache.load();
    return cache;
  }

  prepare(files: readonly string[], setup: AuditSetup): void {
    this.statistics.hits = 0;
    this.statistics.misses = 0;
    this.hashes.clear();
    const stamp = projectStamp(files, setup, this.rulesStamp);
    if (stamp === this.stamp) return;
    this.stamp = stamp;
    this.files.clear();
    this.dirty = true;
  }

  lookup(path: string, setup: AuditSetup): FileOutcome | undefined {
    const source = readSourceText(path, setup.maxFileSize);
    if ('skipped' in source) {
      this.statistics.misses++;
      return undefined; // the analysis says why
    }
    const digest = hash(source.text);
    const entry = this.files.get(path);
    if (entry?.[0] === digest && Object.entries(entry[2] ?? {}).every(([read, stamp]) => fileStampOf(read) === stamp)) {
      this.statistics.hits++;
      const outcome = entry[1];
      // Reports need the text of files with findings (line numbers, fingerprints).
      return outcome.kind === 'analyzed' && outcome.findings.length > 0 ? { ...outcome, text: source.text } : outcome;
    }
    this.statistics.misses++;
    this.hashes.set(path, digest);
    return undefined;
  }

  store(path: string, outcome: FileOutcome): void {
    const digest = this.hashes.get(path);
    this.hashes.delete(path);
    // A skipped file (a crash, an unreadable file) is tried again next time.
    if (digest === undefined || outcome.kind === 'skipped') return;
    const { text: _text, ...withoutText } = outcome.kind === 'analyzed' ? outcome : { ...outcome, text: undefined };
    const reads = outcome.kind === 'analyzed' && outcome.otherFilesRead ? Object.fromEntries(outcome.otherFilesRead.map((read) => [read, fileStampOf(read)])) : undefined;
    this.files.set(path, reads ? [digest, withoutText as Remembered, reads] : [digest, withoutText as Remembered]);
    this.dirty = true;
  }

  /** Forgets one file (changed or deleted since). */
  forget(path: string): void {
    if (this.files.delete(path)) this.dirty = true;
  }

  get size(): number {
    return this.files.size;
  }

  /** Writes the cache if it changed; a failure to write only costs the next audit its speed. */
  save(): void {
    if (!this.file || !this.dirty) return;
    const stored: Stored = { format: FORMAT, stamp: this.stamp, files: Object.fromEntries(this.files) };
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(stored));
    renameSync(temporary, this.file);
    this.dirty = false;
  }

  private load(): void {
    if (!this.file) return;
    try {
      const stored = JSON.parse(readFileSync(this.file, 'utf8')) as Stored;
      if (stored.format !== FORMAT || typeof stored.stamp !== 'string' || typeof stored.files !== 'object') return;
      this.stamp = stored.stamp;
      this.files = new Map(Object.entries(stored.files));
    } catch {
      // Missing or corrupt: start empty.
    }
  }
}

function projectStamp(files: readonly string[], setup: AuditSetup, rulesStamp: string): string {
  const parts: string[] = [rulesStamp, JSON.stringify(setup)];
  const pythonFolders = new Set<string>();
  const manifestFolders = new Set<string>(setup.boundaries);
  for (const path of files) {
    const kind = fileKindOf(path) ?? 'python';
    if (kind === 'python' && basename(path) !== 'setup.py') {
      pythonFolders.add(dirname(path));
      continue;
    }
    parts.push(`${path}\0${fileStampOf(path)}`);
    if (kind !== 'python') manifestFolders.add(dirname(path));
  }
  parts.push(...[...pythonFolders].sort());
  for (const folder of [...manifestFolders].sort()) parts.push(...environmentStamps(folder));
  return hash(parts.join('\n'));
}

/** The modification times of the site-packages folders of the virtual environments in `folder`. */
function environmentStamps(folder: string): string[] {
  const stamps: string[] = [];
  for (const environment of directories(folder)) {
    if (fileStampOf(join(environment, 'pyvenv.cfg')) === '') continue;
    const sitePackages = [join(environment, 'Lib', 'site-packages')];
    for (const lib of ['lib', 'lib64']) for (const version of directories(join(environment, lib))) sitePackages.push(join(version, 'site-packages'));
    for (const folder of sitePackages) stamps.push(`${folder}\0${fileStampOf(folder)}`);
  }
  return stamps;
}

function directories(folder: string): string[] {
  try {
    return readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(folder, entry.name));
  } catch {
    return [];
  }
}

function fileStampOf(path: string): string {
  try {
    const stat = statSync(path);
    return `${stat.mtimeMs}:${stat.size}`;
  } catch {
    return '';
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
