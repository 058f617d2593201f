// Projects: which folder a file belongs to, and the facts rules derive from the project's
// other files. Facts are computed lazily and dropped together when any file of the project
// changes (the editor tells the server; an audit never sees changes).
import { type Stats, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { factClock, type ProjectContext } from '../engine/project';
import { DEFAULT_MAX_FILE_SIZE, readSourceText } from '../workspace/walk';

/** Files that make their folder a Python project's root. */
const PROJECT_MARKERS = ['pyproject.toml', 'setup.py', 'setup.cfg', 'Pipfile', 'requirements.txt', '.git'];

/** The editor's unsaved text of an open file, by absolute path. */
export type Overlay = (path: string) => string | undefined;

/** Whether `path` is `folder` or inside it (`/app/api` is not inside `/app/ap`). */
export function isWithin(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** How many facts are being computed on this thread right now (facts may need other facts). */
let computing = 0;

/** A regular file's status, or undefined (missing, a folder, ENOTDIR, EACCES…: nothing readable there). */
function fileStat(path: string): Stats | undefined {
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    return stat?.isFile() ? stat : undefined;
  } catch {
    return undefined;
  }
}

/** How much file text a project keeps for `readText` (characters, about a byte each for source code). */
const MAX_CACHED_CHARACTERS = 16_000_000;

export class Project implements ProjectContext {
  private readonly facts = new Map<string, unknown>();
  private readonly texts = new Map<string, { mtimeMs: number; size: number; text: string | undefined }>();
  private textCharacters = 0;
  /** In a snapshot, whether each file looked up exists. */
  private readonly existing = new Map<string, boolean>();

  constructor(
    readonly root: string,
    private readonly overlay: Overlay = () => undefined,
    private readonly maxFileSize = DEFAULT_MAX_FILE_SIZE,
    /**
     * Its files do not change while it lives (an audit's projects): each is read, or found
     * missing, once, where otherwise every read checks the file's modification time first (the
     * data flow asks for the same URLconfs and helpers file after file).
     */
    private readonly snapshot = false,
  ) {}

  readText(path: string): string | undefined {
    const absolute = resolve(this.root, path);
    const open = this.overlay(absolute);
    if (open !== undefined) return open;
    if (this.snapshot) {
      const known = this.texts.get(absolute);
      if (known) return known.text;
      if (this.existing.get(absolute) === false) return undefined;
    }
    const stat = fileStat(absolute);
    if (this.snapshot) this.existing.set(absolute, stat !== undefined);
    if (!stat) return undefined;
    // The data flow reads the same helpers for file after file: a text is read again only when
    // the file's modification time or size changed.
    const known = this.texts.get(absolute);
    if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.text;
    const read = readSourceText(absolute, this.maxFileSize);
    const text = 'text' in read ? read.text : undefined;
    this.textCharacters += text?.length ?? 0;
    if (this.textCharacters > MAX_CACHED_CHARACTERS) {
      this.texts.clear();
      this.textCharacters = text?.length ?? 0;
    }
    this.texts.set(absolute, { mtimeMs: stat.mtimeMs, size: stat.size, text });
    return text;
  }

  hasFile(path: string): boolean {
    const absolute = resolve(this.root, path);
    if (this.overlay(absolute) !== undefined) return true;
    if (!this.snapshot) return fileStat(absolute) !== undefined;
    let exists = this.existing.get(absolute);
    if (exists === undefined) {
      exists = fileStat(absolute) !== undefined;
      this.existing.set(absolute, exists);
    }
    return exists;
  }

  fact<T>(key: string, compute: (project: ProjectContext) => T): T {
    if (!this.facts.has(key)) {
      const started = performance.now();
      computing++;
      try {
        this.facts.set(key, compute(this));
      } finally {
        // A fact computed while computing another is already inside the outer one's time.
        if (--computing === 0) factClock.ms += performance.now() - started;
      }
    }
    return this.facts.get(key) as T;
  }

  /** Forget every fact (a file of the project changed). */
  invalidate(): void {
    this.facts.clear();
  }
}

/** A folder with neither a marker nor a boundary at or above it: its own root (see `rootFor`). */
const NO_ROOT = '';

export class Projects {
  private readonly byRoot = new Map<string, Project>();
  /** Each folder's root, or NO_ROOT. */
  private readonly rootOfFolder = new Map<string, string>();

  constructor(
    /** Folders a project never extends above (workspace folders, the audited root). */
    private boundaries: readonly string[] = [],
    private readonly overlay: Overlay = () => undefined,
    private readonly maxFileSize = DEFAULT_MAX_FILE_SIZE,
    /** Files do not change while these projects live (an audit's): see `Project`. */
    private readonly snapshot = false,
  ) {}

  /** The project of the file at an absolute path. */
  forFile(path: string): Project {
    const root = this.rootFor(dirname(path));
    let project = this.byRoot.get(root);
    if (!project) {
      project = new Project(root, this.overlay, this.maxFileSize, this.snapshot);
      this.byRoot.set(root, project);
    }
    return project;
  }

  /** A file changed, appeared or went away: the projects that may read it forget their facts. */
  changed(path: string): void {
    if (PROJECT_MARKERS.some((marker) => path.endsWith(`/${marker}`) || path.endsWith(`\\${marker}`))) this.rootOfFolder.clear();
    for (const [root, project] of this.byRoot) if (isWithin(path, root)) project.invalidate();
  }

  setBoundaries(boundaries: readonly string[]): void {
    this.boundaries = boundaries;
    this.byRoot.clear();
    this.rootOfFolder.clear();
  }

  /** Forget everything (settings changed, or many files did). */
  invalidateAll(): void {
    this.rootOfFolder.clear();
    for (const project of this.byRoot.values()) project.invalidate();
  }

  /**
   * The nearest folder at or above `folder` holding a project marker; a workspace boundary
   * reached first is the root; with neither up to the filesystem's root, `folder` itself
   * (never the whole disk).
   */
  private rootFor(folder: string): string {
    // The folders passed on the way up hold no marker: they share the root found above them.
    const passed: string[] = [];
    let root = NO_ROOT;
    for (let dir = folder; ; dir = dirname(dir)) {
      const above = this.rootOfFolder.get(dir);
      if (above !== undefined) {
        root = above;
        break;
      }
      if (PROJECT_MARKERS.some((marker) => existsSync(join(dir, marker))) || this.boundaries.includes(dir)) {
        root = dir;
        break;
      }
      passed.push(dir);
      if (dirname(dir) === dir) break;
    }
    for (const each of passed) this.rootOfFolder.set(each, root);
    return root || folder;
  }
}
