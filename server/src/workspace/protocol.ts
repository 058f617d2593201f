// Messages between the audit's main thread and its worker threads.
import type { UserSettings } from '../engine/config/configuration';
import type { FileOutcome } from './analyze-file';

export interface ToWorker {
  files: { index: number; path: string }[];
  maxFileSize: number;
  settings: UserSettings;
}

export type FromWorker = { type: 'file'; index: number; outcome: FileOutcome } | { type: 'idle' };
