import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MirrorQueue } from '../../main/serving/mirror-queue.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('items linger for company, a full batch goes at once, and the limit drops (and counts) the rest', async () => {
  const batches: number[][] = [];
  let release: () => void = () => {};
  const blocked = new Promise<void>((resolve) => {
    release = resolve;
  });
  const queue = new MirrorQueue<number>(
    10,
    1,
    async (items) => {
      batches.push(items);
      await blocked;
    },
    4,
    () => true,
    20,
  );
  queue.offer(1);
  queue.offer(2);
  await sleep(5);
  assert.equal(batches.length, 0, 'nothing sent while the first items linger');
  queue.offer(3);
  queue.offer(4);
  assert.deepEqual(batches, [[1, 2, 3, 4]], 'a full batch goes without waiting');
  for (let i = 5; i <= 16; i++) queue.offer(i);
  assert.equal(queue.dropped, 2, 'beyond 10 waiting, mirrors are dropped');
  release();
  await queue.idle();
  assert.deepEqual(batches.flat(), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  assert.ok(batches.every((batch) => batch.length <= 4));
});

test('without lingering, an item goes at once; incompatible items never share a batch', async () => {
  const batches: string[][] = [];
  const queue = new MirrorQueue<string>(
    100,
    1,
    async (items) => {
      batches.push(items);
      await sleep(5);
    },
    8,
    (first, next) => first[0] === next[0],
  );
  queue.offer('a1');
  assert.deepEqual(batches, [['a1']]);
  for (const item of ['a2', 'a3', 'b1', 'b2', 'a4']) queue.offer(item);
  await queue.idle();
  assert.deepEqual(batches, [['a1'], ['a2', 'a3'], ['b1', 'b2'], ['a4']]);
});
