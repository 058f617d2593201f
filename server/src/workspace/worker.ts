// A worker thread of the workspace audit: loads the grammar once, then analyses batches of
// files sent by the main thread, answering file by file so that a crash blames the right one.
import { parentPort } from 'node:worker_threads';
import { phaseClock } from '../engine/phases';
import { analyzeFile } from './analyze-file';
import type { FromWorker, ToWorker } from './protocol';

const port = parentPort;
if (!port) throw new Error('workspace/worker.js must run in a worker thread');

let queue: Promise<void> = Promise.resolve();

port.on('message', (message: ToWorker) => {
  queue = queue.then(async () => {
    phaseClock.enabled = message.phases === true;
    for (const file of message.files) {
      const outcome = await analyzeFile(file.path, message.setup);
      port.postMessage({ type: 'file', index: file.index, outcome } satisfies FromWorker);
    }
    port.postMessage({ type: 'idle', ...(phaseClock.enabled ? { phases: phaseClock.take() } : {}) } satisfies FromWorker);
  });
});
