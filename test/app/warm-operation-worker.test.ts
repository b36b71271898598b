import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { type OperationWithWorker, warmOperationWorker } from '../../main/app/warm-operation-worker.js';
import { discardWarmWorkers, isWarm } from '../../main/common/worker-task/index.js';
import { INGEST_IN_THREAD_MAX_BYTES, INGEST_WORKER } from '../../main/data/ingest-worker-url.js';
import { PREDICT_WORKER } from '../../main/lineage/predict-worker-url.js';
import { DRIFT_CHECK_WORKER } from '../../main/monitoring/drift-check-worker-url.js';
import { ESTIMATE_FILE_WORKER } from '../../main/monitoring/estimate-file-worker-url.js';
import { TRAIN_WORKER } from '../../main/training/train-worker-url.js';

const dir = await mkdtemp(join(tmpdir(), 'podium-warm-'));
after(async () => {
  await discardWarmWorkers();
  await rm(dir, { recursive: true, force: true });
});

test('each heavy operation warms its own worker script', async () => {
  const expected: [OperationWithWorker, URL][] = [
    ['drift.check', DRIFT_CHECK_WORKER],
    ['predict.file', PREDICT_WORKER],
    ['performance.estimate', ESTIMATE_FILE_WORKER],
    ['train.fromFile', TRAIN_WORKER],
  ];
  for (const [operation, script] of expected) {
    warmOperationWorker(operation);
    assert.equal(isWarm(script), true, `${operation} warms ${script.pathname}`);
    // The threads would load a whole domain each; this test needs only to know they started.
    await discardWarmWorkers();
  }
});

test('an ingest warms its worker only for a file big enough to leave the calling thread', async () => {
  const small = join(dir, 'small.csv');
  await writeFile(small, 'a,b\n1,2\n');
  warmOperationWorker('data.ingestFile', small);
  assert.equal(isWarm(INGEST_WORKER), false, 'a small file is ingested on the calling thread');
  warmOperationWorker('data.ingestFile', join(dir, 'missing.csv'));
  assert.equal(isWarm(INGEST_WORKER), false, 'a missing file fails before any thread');

  const big = join(dir, 'big.csv');
  await writeFile(big, Buffer.alloc(INGEST_IN_THREAD_MAX_BYTES, 'a'));
  warmOperationWorker('data.ingestFile', big);
  assert.equal(isWarm(INGEST_WORKER), true);
  await discardWarmWorkers();
  assert.equal(isWarm(INGEST_WORKER), false);
});
