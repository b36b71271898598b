import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobProgressEvent } from '../../main/contract/index.js';
import {
  appendEpoch,
  createJobsStore,
  lossScale,
  mergeJobList,
  preferredSeries,
  reduceFailed,
  reduceProgress,
  secondsLeft,
} from '../../renderer/store/jobs-store.js';
import { standInClient } from './stand-in-client.js';

function epoch(current: number, loss: number, step = 'train ecd'): JobProgressEvent {
  return { jobId: 1, kind: 'train', step, current, total: 5, metrics: { loss, validation_loss: loss * 2 } };
}

test('epoch events become one loss series per training stage', () => {
  let series = appendEpoch([], epoch(1, 0.9));
  series = appendEpoch(series, epoch(2, 0.7));
  series = appendEpoch(series, epoch(3, 0.5));
  assert.equal(series.length, 1);
  assert.deepEqual(
    series[0]?.points.map((point) => [point.epoch, point.values.loss]),
    [
      [1, 0.9],
      [2, 0.7],
      [3, 0.5],
    ],
  );
  // A new candidate (different step) or a restart at epoch 1 of the same step starts a new series.
  series = appendEpoch(series, epoch(1, 1.2, 'train linear'));
  series = appendEpoch(series, epoch(1, 1.1, 'train linear'));
  assert.deepEqual(
    series.map((s) => [s.step, s.points.length]),
    [
      ['train ecd', 3],
      ['train linear', 1],
      ['train linear', 1],
    ],
  );
});

function candidateEpoch(current: number, loss: number, message: string): JobProgressEvent {
  return {
    jobId: 1,
    kind: 'train',
    step: 'epoch',
    current,
    total: 3,
    message,
    metrics: { loss, validation_loss: loss * 1.1, seconds_left: 42, candidate_index: 0 },
  };
}

test('an auto run charts one series per candidate, named by it, with only the losses', () => {
  let series: ReturnType<typeof appendEpoch> = [];
  for (const event of [
    candidateEpoch(1, 3e10, 'ecd (1/2)'),
    candidateEpoch(2, 2e10, 'ecd (1/2)'),
    // Same step name, next candidate: the label tells them apart even if epochs kept counting.
    candidateEpoch(3, 9e9, 'gbm (2/2)'),
    candidateEpoch(4, 8e9, 'gbm (2/2)'),
  ])
    series = appendEpoch(series, event);
  assert.deepEqual(
    series.map((s) => [s.label, s.points.length]),
    [
      ['ecd (1/2)', 2],
      ['gbm (2/2)', 2],
    ],
  );
  // Seconds left and the candidate index are bookkeeping, not series on the loss axis.
  assert.deepEqual(Object.keys(series[0]?.points[0]?.values ?? {}).sort(), ['loss', 'validation_loss']);
});

test('seconds left is read from the latest progress, not charted', () => {
  const jobs = reduceProgress({}, candidateEpoch(1, 1, 'ecd'));
  assert.equal(secondsLeft(jobs[1]?.progress ?? null), 42);
  assert.equal(secondsLeft({ step: 'fitting', current: 0, total: 0 }), null);
});

test('losses spanning orders of magnitude go on a log axis, others on a linear one', () => {
  const series = (losses: number[]) => ({
    id: 0,
    step: 'epoch',
    label: 'ecd',
    points: losses.map((loss, i) => ({ epoch: i + 1, values: { loss } })),
  });
  assert.equal(lossScale(series([5e12, 4e11, 2e10])), 'log');
  assert.equal(lossScale(series([1.9e10, 1.7e10, 1.6e10])), 'linear');
  assert.equal(lossScale(series([0.69, 0.4, 0.0])), 'linear');
  assert.equal(lossScale(undefined), 'linear');
});

test('progress without metrics moves the bar but adds no epoch', () => {
  const jobs = reduceProgress({}, { jobId: 4, kind: 'compare', step: 'split', current: 1, total: 3 });
  assert.equal(jobs[4]?.status, 'running');
  assert.deepEqual(jobs[4]?.progress, { step: 'split', current: 1, total: 3 });
  assert.deepEqual(jobs[4]?.lossSeries, []);
});

test('a cancelled job is told apart from a failed one by its error code', () => {
  const cancelled = reduceFailed(
    {},
    { jobId: 2, kind: 'train', error: { code: 'CANCELLED', message: 'Cancelled' } },
  );
  const failed = reduceFailed(
    {},
    { jobId: 3, kind: 'train', error: { code: 'TRAINING_FAILED', message: 'NaN loss' } },
  );
  assert.equal(cancelled[2]?.status, 'cancelled');
  assert.equal(failed[3]?.status, 'failed');
  assert.equal(failed[3]?.error?.message, 'NaN loss');
});

test('the job list refreshes labels and states without dropping the epochs already drawn', () => {
  const withEpochs = reduceProgress(reduceProgress({}, epoch(1, 0.9)), epoch(2, 0.8));
  const merged = mergeJobList(withEpochs, [
    {
      jobId: 1,
      kind: 'train',
      label: 'train ecd on sales.csv',
      status: 'succeeded',
      startedAt: '2026-01-01T00:00:00.000Z',
      endedAt: '2026-01-01T00:01:00.000Z',
      progress: null,
      error: null,
    },
  ]);
  assert.equal(merged[1]?.label, 'train ecd on sales.csv');
  assert.equal(merged[1]?.status, 'succeeded');
  assert.equal(merged[1]?.lossSeries[0]?.points.length, 2);
});

test('the store follows job events from the client and cancels through jobs.cancel', async () => {
  const stand = standInClient({
    'jobs.cancel': ({ jobId }) => ({
      jobId,
      kind: 'train',
      label: 'train',
      status: 'cancelled',
      startedAt: '2026-01-01T00:00:00.000Z',
      endedAt: null,
      progress: null,
      error: null,
    }),
  });
  const store = createJobsStore(stand.client);
  const detach = store.getState().attach();
  store.getState().track(1, 'train', 'train auto → Weekly_Sales');
  stand.emit('job.progress', epoch(1, 0.9));
  stand.emit('job.progress', epoch(2, 0.6));
  assert.equal(store.getState().jobs[1]?.label, 'train auto → Weekly_Sales');
  assert.deepEqual(
    store.getState().jobs[1]?.lossSeries[0]?.points.map((p) => p.values.validation_loss),
    [1.8, 1.2],
  );
  await store.getState().cancel(1);
  assert.equal(store.getState().jobs[1]?.status, 'cancelled');
  assert.deepEqual(stand.calls.at(-1), { name: 'jobs.cancel', input: { jobId: 1 } });
  detach();
  assert.equal(stand.listenerCount('job.progress'), 0);
});

test('a refused cancel is kept as an error, not swallowed', async () => {
  const stand = standInClient({ 'jobs.cancel': () => ({ code: 'NOT_FOUND', message: 'No job 9' }) });
  const store = createJobsStore(stand.client);
  await store.getState().cancel(9);
  assert.deepEqual(store.getState().cancelError, { code: 'NOT_FOUND', message: 'No job 9' });
});

test('a finished auto run opens on the chosen candidate; a running one on the newest stage', () => {
  let series: ReturnType<typeof appendEpoch> = [];
  for (const event of [
    candidateEpoch(1, 0.07, 'linear (1/3)'),
    candidateEpoch(1, 0.9, 'gbm (2/3)'),
    candidateEpoch(2, 0.5, 'gbm (2/3)'),
    candidateEpoch(1, 1.3, 'ecd (3/3)'),
  ])
    series = appendEpoch(series, event);
  assert.equal(preferredSeries(series, 'gbm'), 1);
  assert.equal(preferredSeries(series, null), 2);
  // A chosen type with no epochs of its own falls back to the newest.
  assert.equal(preferredSeries(series, 'random_forest'), 2);
  assert.equal(preferredSeries([], null), -1);
});
