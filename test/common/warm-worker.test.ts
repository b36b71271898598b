import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  discardWarmWorkers,
  isWarm,
  runWorkerTask,
  startWorkerTask,
  type TaskProgress,
  warmWorkerTask,
} from '../../main/common/worker-task/index.js';
import { PodiumError } from '../../main/contract/errors.js';
import type { LoadFailureInput } from './load-failure-worker.js';
import type { SampleTaskInput } from './sample-task-worker.js';
import type { WarmSampleInput, WarmSampleOutput } from './warm-sample-worker.js';

const WARM_SAMPLE = new URL('./warm-sample-worker.js', import.meta.url);
const LOAD_FAILURE = new URL('./load-failure-worker.js', import.meta.url);
const SAMPLE_TASK = new URL('./sample-task-worker.js', import.meta.url);

function sample(label: string, bytes: Uint8Array<ArrayBuffer>) {
  return runWorkerTask<WarmSampleInput, WarmSampleOutput>(
    WARM_SAMPLE,
    { label, bytes },
    { name: 'sample task', transfer: [bytes.buffer] },
  );
}

/** Until the warm thread of `script` has failed and left; bounded by the test's own timeout. */
async function untilNotWarm(script: URL): Promise<void> {
  while (isWarm(script)) await sleep(10);
}

test('a task claims its script’s warm thread and gets its input there, a transferred buffer included', async () => {
  const warmThread = warmWorkerTask(WARM_SAMPLE);
  assert.equal(warmWorkerTask(WARM_SAMPLE), warmThread, 'one warm thread per script');
  const bytes = new Uint8Array([1, 2, 3, 250]);
  const result = await sample('first', bytes);
  assert.deepEqual(result, { threadId: warmThread, startedWarm: true, label: 'first', sum: 256 });
  assert.equal(bytes.byteLength, 0, 'the buffer was moved, not copied');
  assert.equal(isWarm(WARM_SAMPLE), false);

  // Claimed once: the next task starts its own thread with the input in workerData.
  const next = await sample('second', new Uint8Array([7]));
  assert.notEqual(next.threadId, warmThread);
  assert.equal(next.startedWarm, false);
  assert.equal(next.sum, 7);
});

test('a warm thread claimed by a streaming task gets its messages in order, and cancel still works', async () => {
  warmWorkerTask(SAMPLE_TASK);
  const task = startWorkerTask<SampleTaskInput, number, TaskProgress, number>(
    SAMPLE_TASK,
    { behaviour: 'sum-messages' },
    { name: 'sum' },
  );
  for (const value of [1, 2, 3, 4]) task.send(value);
  task.end();
  assert.equal(await task.result, 10);

  warmWorkerTask(SAMPLE_TASK);
  const controller = new AbortController();
  await assert.rejects(
    runWorkerTask<SampleTaskInput, number>(
      SAMPLE_TASK,
      { behaviour: 'stops-when-cancelled' },
      { name: 'sample task', signal: controller.signal, onProgress: () => controller.abort() },
    ),
    (error) => error instanceof PodiumError && error.code === 'CANCELLED',
  );
});

test('a warm thread that failed to load is not used: the task starts a fresh one', async () => {
  warmWorkerTask(LOAD_FAILURE);
  await untilNotWarm(LOAD_FAILURE);
  const result = await runWorkerTask<LoadFailureInput, string>(
    LOAD_FAILURE,
    { failAtLoad: false },
    { name: 'sample task' },
  );
  assert.equal(result, 'loaded');
});

test('a warm thread that fails to load after its task claimed it: the task reports the failure', async () => {
  warmWorkerTask(LOAD_FAILURE);
  // Claimed at once, before the thread has even loaded the module that throws.
  const logged: string[] = [];
  await assert.rejects(
    runWorkerTask<LoadFailureInput, string>(
      LOAD_FAILURE,
      { failAtLoad: false },
      { name: 'sample task', logger: { error: (_details, message) => logged.push(message) } },
    ),
    (error) => {
      assert.ok(error instanceof PodiumError);
      assert.equal(error.code, 'INTERNAL');
      assert.match(
        error.message,
        /^The sample task worker crashed: the native library libsample\.so could not be loaded$/,
      );
      return true;
    },
  );
  assert.deepEqual(logged, ['sample task worker crashed']);
  assert.equal(isWarm(LOAD_FAILURE), false);
});

test('discarding ends the unclaimed warm threads; the next task starts its own', async () => {
  const warmThread = warmWorkerTask(WARM_SAMPLE);
  await discardWarmWorkers();
  assert.equal(isWarm(WARM_SAMPLE), false);
  const result = await sample('after discard', new Uint8Array([5]));
  assert.notEqual(result.threadId, warmThread);
  assert.equal(result.startedWarm, false);
});

test('an unclaimed warm thread does not keep a process alive', async () => {
  const script = fileURLToPath(new URL('./warm-and-exit.js', import.meta.url));
  const child = spawn(process.execPath, [script, '--warm'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  // A thread that held the process would hold it for good (it waits for an input that never
  // comes), so a generous limit tells the two apart on a busy machine.
  const limit = setTimeout(() => child.kill(), 10_000);
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  clearTimeout(limit);
  assert.equal(signal, null, 'the process was still running after 10 s: the warm thread kept it alive');
  assert.equal(code, 0, output);
  assert.equal(output, 'warmed\n');
});
