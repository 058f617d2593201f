// What a rule may know about the project a file belongs to, beyond the file itself: its other
// files (as the editor has them), and facts derived from them (installed distributions,
// declared dependencies, first-party modules), computed once and dropped when files change.

export interface ProjectContext {
  /** The project's folder (absolute), or undefined for an unsaved file outside any project. */
  readonly root: string | undefined;
  /**
   * A file's text: the editor's unsaved text when it is open, else what is on disk; undefined
   * when it does not exist or cannot be read (or is too large or binary).
   */
  readText(path: string): string | undefined;
  /** Whether a file exists (open in the editor or on disk), without reading it. */
  hasFile?(path: string): boolean;
  /**
   * A project-wide fact computed on first use and kept until a file of the project changes.
   * Keys are module-qualified ("environment", "manifests"); `compute` must not throw.
   */
  fact<T>(key: string, compute: (project: ProjectContext) => T): T;
}

/** A project that knows nothing: for unsaved files and for tests that need no project. */
export const NO_PROJECT: ProjectContext = {
  root: undefined,
  readText: () => undefined,
  fact: (_key, compute) => compute(NO_PROJECT),
};

/**
 * Milliseconds this thread has spent computing project facts. A fact is computed inside the
 * first rule call that asks for it (reading a virtual environment, parsing manifests); the
 * slow-rule guard leaves that time out, or the rule would be blamed and switched off.
 */
export const factClock = { ms: 0 };
