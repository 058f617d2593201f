// Messages between the audit's main thread and its worker threads.
import type { FileOutcome } from './analyze-file';

export interface ToWorker {
  files: { index: number; path: string }[];
  maxFileSize: number;
}

export type FromWorker = { type: 'file'; index: number; outcome: FileOutcome } | { type: 'idle' };
