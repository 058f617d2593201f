// The audit's work queue: contiguous shares per worker, stealing from the largest share's end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkQueue } from '../../server/src/workspace/work-queue';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

test('each worker takes batches from the front of its own contiguous share', () => {
  const queue = new WorkQueue(range(10), 2);
  assert.deepEqual(queue.take(0, 3), [0, 1, 2]);
  assert.deepEqual(queue.take(1, 3), [5, 6, 7]);
  assert.deepEqual(queue.take(0, 3), [3, 4]);
  assert.equal(queue.length, 2);
});

test('a worker whose share is done takes from the end of the largest share left', () => {
  const queue = new WorkQueue(range(12), 3);
  assert.deepEqual(queue.take(0, 4), [0, 1, 2, 3]);
  assert.deepEqual(queue.take(2, 1), [8]);
  // Worker 0 is done; worker 1's share (4–7) is the largest: its last items go.
  assert.deepEqual(queue.take(0, 2), [6, 7]);
  assert.deepEqual(queue.take(1, 8), [4, 5]);
  assert.deepEqual(queue.take(1, 8), [9, 10, 11]);
  assert.deepEqual(queue.take(2, 8), []);
  assert.equal(queue.length, 0);
});

test('every item is taken exactly once, however the workers interleave', () => {
  for (const [items, owners, batch] of [[100, 2, 8], [7, 3, 1], [3, 5, 2], [1000, 4, 7]] as const) {
    const queue = new WorkQueue(range(items), owners);
    const taken: number[] = [];
    for (let turn = 0; queue.length > 0; turn++) taken.push(...queue.take((turn * 7) % owners, batch));
    assert.deepEqual(taken.sort((a, b) => a - b), range(items));
  }
});

test('items put back go first to their worker; clearing reports how many were left', () => {
  const queue = new WorkQueue(range(6), 2);
  const batch = queue.take(1, 2);
  queue.putBack(1, batch.slice(1));
  assert.deepEqual(queue.take(1, 2), [4, 5]);
  assert.equal(queue.clear(), 3);
  assert.equal(queue.length, 0);
  assert.deepEqual(queue.take(0, 5), []);
});
