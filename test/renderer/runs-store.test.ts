import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Run } from '../../main/contract/index.js';
import { createJobsStore } from '../../renderer/store/jobs-store.js';
import {
  bestRunIds,
  comparisonMetricOrder,
  createRunsStore,
  metricColumns,
  nextSort,
  visibleRuns,
} from '../../renderer/store/runs-store.js';
import { standInClient } from './stand-in-client.js';

function run(id: string, name: string, metrics: Record<string, number>, extra: Partial<Run> = {}): Run {
  return {
    id,
    experimentId: 1,
    experimentName: 'sales',
    parentRunId: null,
    name,
    status: 'finished',
    datasetId: 'abc',
    artifactDir: null,
    error: null,
    startedAt: `2026-01-0${id}T00:00:00.000Z`,
    endedAt: null,
    params: { model_type: name },
    tags: {},
    metrics,
    ...extra,
  };
}

const runs = [
  run('1', 'linear', { rmse: 3.2, r2: 0.61 }),
  run('2', 'gbm', { rmse: 2.1, r2: 0.8 }),
  run('3', 'ecd', { r2: 0.7 }, { status: 'failed' }),
  run('4', 'random_forest', { rmse: 2.6, r2: 0.75 }),
];

test('runs sort by a metric either way, runs without it last', () => {
  const ascending = visibleRuns(runs, { key: 'metric:rmse', direction: 'asc' }, '');
  assert.deepEqual(
    ascending.map((r) => r.name),
    ['gbm', 'random_forest', 'linear', 'ecd'],
  );
  const descending = visibleRuns(runs, { key: 'metric:rmse', direction: 'desc' }, '');
  assert.deepEqual(
    descending.map((r) => r.name),
    ['linear', 'random_forest', 'gbm', 'ecd'],
  );
});

test('runs sort by text and by start time', () => {
  assert.deepEqual(
    visibleRuns(runs, { key: 'name', direction: 'asc' }, '').map((r) => r.id),
    ['3', '2', '1', '4'],
  );
  assert.deepEqual(
    visibleRuns(runs, { key: 'startedAt', direction: 'desc' }, '').map((r) => r.id),
    ['4', '3', '2', '1'],
  );
});

test('the filter matches every word against name, status and parameters', () => {
  assert.deepEqual(
    visibleRuns(runs, { key: 'name', direction: 'asc' }, 'failed').map((r) => r.name),
    ['ecd'],
  );
  assert.deepEqual(
    visibleRuns(runs, { key: 'name', direction: 'asc' }, '  SALES  random ').map((r) => r.name),
    ['random_forest'],
  );
  assert.deepEqual(visibleRuns(runs, { key: 'name', direction: 'asc' }, 'nothing-like-this'), []);
});

test('header clicks flip the direction; a new metric column starts descending', () => {
  assert.deepEqual(nextSort({ key: 'name', direction: 'asc' }, 'name'), { key: 'name', direction: 'desc' });
  assert.deepEqual(nextSort({ key: 'name', direction: 'asc' }, 'metric:r2'), {
    key: 'metric:r2',
    direction: 'desc',
  });
  assert.deepEqual(nextSort({ key: 'metric:r2', direction: 'desc' }, 'status'), {
    key: 'status',
    direction: 'asc',
  });
});

test('metric columns are the metrics most runs report, held-out ones first', () => {
  assert.deepEqual(metricColumns(runs, 2), ['r2', 'rmse']);
  const split = [
    run('1', 'a', { train_mae: 1, test_mae: 2, validation_mae: 3 }),
    run('2', 'b', { train_mae: 1, test_mae: 2, validation_mae: 3 }),
  ];
  assert.deepEqual(metricColumns(split, 2), ['validation_mae', 'test_mae']);
  const regression = run('1', 'a', {
    test_loss: 2e10,
    test_mae: 8e4,
    test_mape: 0.08,
    test_mse: 2e10,
    test_r2: 0.93,
  });
  assert.deepEqual(metricColumns([regression], 3), ['test_r2', 'test_mae', 'test_loss']);
  const classes = run('1', 'a', {
    test_accuracy: 0.8,
    test_log_loss: 0.4,
    test_precision: 0.7,
    test_roc_auc: 0.86,
  });
  assert.deepEqual(metricColumns([classes], 2), ['test_roc_auc', 'test_accuracy']);
});

test('comparing needs two ticked runs and sends them in the order ticked', async () => {
  const stand = standInClient({
    'runs.compare': ({ runIds }) => ({
      runs: runs.filter((r) => runIds.includes(r.id)),
      paramKeys: ['model_type'],
      metricKeys: ['r2', 'rmse'],
      histories: {},
    }),
  });
  const store = createRunsStore(stand.client, createJobsStore(stand.client));
  store.getState().toggleSelected('2');
  await store.getState().compare();
  assert.equal(store.getState().comparison.error?.code, 'USAGE');
  assert.equal(stand.calls.length, 0);

  store.getState().toggleSelected('4');
  store.getState().toggleSelected('1');
  store.getState().toggleSelected('4');
  store.getState().toggleSelected('3');
  await store.getState().compare();
  assert.deepEqual(stand.calls, [{ name: 'runs.compare', input: { runIds: ['2', '1', '3'] } }]);
  assert.equal(store.getState().comparison.data?.runs.length, 3);
  assert.equal(store.getState().comparison.error, null);
});

test('starting a model comparison tracks its job; a refusal is shown with its code', async () => {
  const stand = standInClient({ 'models.compare': () => ({ jobId: 7 }) });
  const jobs = createJobsStore(stand.client);
  const store = createRunsStore(stand.client, jobs);
  await store.getState().compareModels({ datasetId: 'abc', target: 'y', split: 'random' });
  assert.equal(store.getState().compareJob.jobId, 7);
  assert.equal(jobs.getState().jobs[7]?.kind, 'compare');

  stand.answers['models.compare'] = () => ({
    code: 'DATA_INVALID',
    message: 'A time split needs a date column',
  });
  await store.getState().compareModels({ datasetId: 'abc', target: 'y', split: 'time' });
  assert.equal(store.getState().compareJob.error?.code, 'DATA_INVALID');
});

test('a comparison marks the best value of each metric: highest for scores, lowest for errors', () => {
  const runs = [
    run('a', 'a', { accuracy: 0.8, validation_rmse: 3 }),
    run('b', 'b', { accuracy: 0.9, validation_rmse: 2 }),
    run('c', 'c', { accuracy: 0.9 }),
  ];
  assert.deepEqual([...bestRunIds(runs, 'accuracy')].sort(), ['b', 'c']);
  assert.deepEqual([...bestRunIds(runs, 'validation_rmse')], ['b']);
  assert.deepEqual([...bestRunIds(runs.slice(2), 'accuracy')], [], 'one run alone has nothing to beat');
  assert.deepEqual([...bestRunIds(runs.slice(1), 'accuracy')], [], 'a tie of all runs marks none');
  assert.deepEqual(comparisonMetricOrder(['train_loss', 'validation_accuracy', 'test_accuracy']), [
    'validation_accuracy',
    'test_accuracy',
    'train_loss',
  ]);
});
