// Messages between the audit's main thread and its worker threads.
import type { AuditSetup, FileOutcome } from './analyze-file';

export interface ToWorker {
  files: { index: number; path: string }[];
  setup: AuditSetup;
  /** Time the phases of analysis (the benchmark): the worker sends its totals with each `idle`. */
  phases?: boolean;
}

export type FromWorker = { type: 'file'; index: number; outcome: FileOutcome } | { type: 'idle'; phases?: Record<string, number> };
