import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  runWorkerTask,
  startWorkerTask,
  type TaskProgress,
  type WorkerTaskOptions,
} from '../../main/common/worker-task/index.js';
import { PodiumError } from '../../main/contract/errors.js';
import type { SampleTaskInput } from './sample-task-worker.js';

const SCRIPT = new URL('./sample-task-worker.js', import.meta.url);

function run(input: SampleTaskInput, options: WorkerTaskOptions<TaskProgress> = { name: 'sample task' }) {
  return runWorkerTask<SampleTaskInput, number>(SCRIPT, input, options);
}

function isPodiumErrorWith(code: string, message?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof PodiumError, `expected a PodiumError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return true;
  };
}

test('the result arrives after the progress events, in order', async () => {
  const events: TaskProgress[] = [];
  const result = await run(
    { behaviour: 'count', to: 3 },
    { name: 'count', onProgress: (e) => events.push(e) },
  );
  assert.equal(result, 3);
  assert.deepEqual(
    events.map((e) => [e.step, e.current, e.total]),
    [
      ['count', 1, 3],
      ['count', 2, 3],
      ['count', 3, 3],
    ],
  );
});

test('a PodiumError thrown in the worker arrives as a PodiumError with its code, message and details', async () => {
  await assert.rejects(run({ behaviour: 'podium-error' }), (error) => {
    isPodiumErrorWith('DATA_INVALID', /column "age"/)(error);
    assert.deepEqual((error as PodiumError).details, { column: 'age', row: 3 });
    return true;
  });
});

test('any other error becomes INTERNAL naming the task; its stack goes only to the log', async () => {
  const logged: { details: object; message: string }[] = [];
  const logger = { error: (details: object, message: string) => logged.push({ details, message }) };
  await assert.rejects(run({ behaviour: 'bug' }, { name: 'sample task', logger }), (error) => {
    isPodiumErrorWith('INTERNAL', /^The sample task failed: /)(error);
    assert.doesNotMatch((error as Error).message, /\n\s+at /, 'no stack in the message');
    return true;
  });
  assert.equal(logged.length, 1);
  assert.match(JSON.stringify(logged[0].details), /sample-task-worker/, 'the stack names the worker file');
});

test('a worker that exits without answering rejects with the crash code', async () => {
  await assert.rejects(
    run({ behaviour: 'exit' }, { name: 'sample task', crashCode: 'TRAINING_FAILED' }),
    isPodiumErrorWith('TRAINING_FAILED', /exit code 3/),
  );
});

test('cancel: the worker is told and stops by itself within the grace period', async () => {
  const controller = new AbortController();
  const started = performance.now();
  await assert.rejects(
    run(
      { behaviour: 'stops-when-cancelled' },
      {
        name: 'sample task',
        signal: controller.signal,
        onProgress: () => controller.abort(),
        cancelGraceMs: 10_000,
      },
    ),
    isPodiumErrorWith('CANCELLED'),
  );
  assert.ok(performance.now() - started < 5000, 'it did not wait for the grace period');
});

test('cancel: a worker that does not listen is terminated after the grace period', async () => {
  const controller = new AbortController();
  const started = performance.now();
  await assert.rejects(
    run(
      { behaviour: 'ignores-cancel' },
      {
        name: 'sample task',
        signal: controller.signal,
        onProgress: () => controller.abort(),
        cancelGraceMs: 200,
      },
    ),
    isPodiumErrorWith('CANCELLED', /sample task was cancelled/),
  );
  assert.ok(performance.now() - started < 5000);
});

test('an already aborted signal never starts a worker', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(
    run({ behaviour: 'count', to: 1 }, { name: 'sample task', signal: controller.signal }),
    isPodiumErrorWith('CANCELLED'),
  );
});

test('a streaming task gets its messages in order until end()', async () => {
  const task = startWorkerTask<SampleTaskInput, number, TaskProgress, number>(
    SCRIPT,
    { behaviour: 'sum-messages' },
    { name: 'sum' },
  );
  for (const value of [1, 2, 3, 4]) task.send(value);
  task.end();
  assert.equal(await task.result, 10);
});

test('terminate stops a running task at once; its result is CANCELLED', async () => {
  const task = startWorkerTask<SampleTaskInput, number>(
    SCRIPT,
    { behaviour: 'ignores-cancel' },
    { name: 'spin' },
  );
  await task.terminate();
  await assert.rejects(task.result, isPodiumErrorWith('CANCELLED'));
});
