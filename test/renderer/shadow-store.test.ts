import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ShadowSeriesPoint, ShadowTestReport, ShadowTestStatusView } from '../../main/contract/index.js';
import {
  chartDomain,
  chartPoints,
  createShadowStore,
  evidenceTests,
  mergeSeries,
  samplesProgress,
  shadowTask,
} from '../../renderer/store/shadow-store.js';
import { settled, standInClient } from './stand-in-client.js';

function point(
  minute: number,
  pairs: number,
  difference: number | null,
  band?: [number, number],
): ShadowSeriesPoint {
  return {
    at: `2026-03-01T10:${String(minute).padStart(2, '0')}:00.000Z`,
    mirroredRequests: pairs * 2,
    labelledPairs: pairs,
    meanDifference: difference,
    lower: band?.[0] ?? null,
    upper: band?.[1] ?? null,
    agreementRate: 0.9,
    latencyMsP50: { champion: 4, challenger: 5 },
  };
}

test('fetched series merge by time: the newest fetch wins a bucket, order is by time', () => {
  const first = [point(0, 10, 0.2), point(1, 20, 0.1)];
  const second = [point(1, 25, 0.15, [0.01, 0.3]), point(2, 40, 0.12, [0.02, 0.2])];
  const merged = mergeSeries(first, second);
  assert.deepEqual(
    merged.map((p) => [p.at.slice(14, 16), p.labelledPairs]),
    [
      ['00', 10],
      ['01', 25],
      ['02', 40],
    ],
  );
  assert.deepEqual(mergeSeries(second, first).at(1)?.labelledPairs, 20);
});

test('chart points carry the confidence band as [lower, upper] only where an interval exists', () => {
  const points = chartPoints([point(0, 3, null), point(1, 30, 0.1, [-0.05, 0.25])]);
  assert.equal(points[0]?.band, null);
  assert.equal(points[0]?.difference, null);
  assert.deepEqual(points[1]?.band, [-0.05, 0.25]);
  assert.equal(points[1]?.time, Date.parse('2026-03-01T10:01:00.000Z'));
  assert.equal(points[1]?.challengerLatency, 5);
});

function statusView(pairs: number, series: ShadowSeriesPoint[]): ShadowTestStatusView {
  const report = { labelledPairs: pairs, verdictSoFar: 'continue' } as ShadowTestReport;
  return {
    test: {
      id: 5,
      modelName: 'sales',
      championVersion: 1,
      challengerVersion: 2,
      status: 'running',
      decisionId: 3,
      durationDays: 7,
      minSamples: 100,
      createdAt: '2026-03-01T09:00:00.000Z',
      startedAt: '2026-03-01T09:00:00.000Z',
      endedAt: null,
    },
    report,
    series,
    samples: { labelled: pairs, needed: 100 },
    secondsLeft: 3600,
  };
}

test('shadow.updated for the shown test refetches its status and the series grows', async () => {
  let pairs = 10;
  const stand = standInClient({
    'shadow.status': () =>
      statusView(pairs, [point(0, 10, 0.2), ...(pairs > 10 ? [point(1, pairs, 0.1)] : [])]),
  });
  const store = createShadowStore(stand.client);
  store.getState().attach();
  await store.getState().select(5);
  assert.equal(store.getState().series.length, 1);

  pairs = 140;
  stand.emit('shadow.updated', { testId: 5, labelledPairs: 140, mirroredRequests: 280 });
  stand.emit('shadow.updated', { testId: 99, labelledPairs: 1, mirroredRequests: 1 });
  await settled();
  assert.equal(store.getState().series.length, 2);
  assert.equal(store.getState().series.at(-1)?.labelledPairs, 140);
  assert.ok(stand.calls.every((call) => (call.input as { testId: number }).testId === 5));
  const view = store.getState().status.data;
  assert.ok(view !== null);
  // More pairs than needed fill the bar, never overflow it.
  assert.deepEqual(samplesProgress(view), { current: 100, total: 100 });
});

test('a failed refresh keeps the last series and shows the error', async () => {
  let fail = false;
  const stand = standInClient({
    'shadow.status': () =>
      fail
        ? { code: 'INTERNAL', message: 'Internal error; see the log for details' }
        : statusView(10, [point(0, 10, 0.2)]),
  });
  const store = createShadowStore(stand.client);
  await store.getState().select(5);
  fail = true;
  await store.getState().refreshStatus();
  assert.equal(store.getState().status.error?.code, 'INTERNAL');
  assert.equal(store.getState().status.data?.test.id, 5);
  assert.equal(store.getState().series.length, 1);
});

test('agreement is a classification figure: the task is read from the metric the core scored', () => {
  assert.equal(shadowTask({ metric: 'accuracy' }), 'classification');
  assert.equal(shadowTask({ metric: 'mae' }), 'regression');
});

test('the tests the core ran are worded from the report, McNemar for classes and t-test for numbers', () => {
  const classes = evidenceTests({ mcnemar: { b: 3, c: 11, pGreater: 0.0287, pTwoSided: 0.0574 } });
  assert.equal(classes.length, 1);
  assert.match(
    classes[0] ?? '',
    /^McNemar exact test: champion right and challenger wrong 3, the reverse 11; .* 0\.0287$/,
  );
  const numbers = evidenceTests({
    pairedT: { t: 4.213, df: 199, pGreater: 0.00001, pTwoSided: 0.00002 },
    wilcoxon: { statistic: 1200, pGreater: 0.002, pTwoSided: 0.004 },
  });
  assert.deepEqual(numbers, [
    'Paired t-test on absolute errors: t = 4.21, df 199; p (challenger better) < 0.0001',
    'Wilcoxon signed-rank test: p (challenger better) 0.0020',
  ]);
  assert.deepEqual(evidenceTests({}), []);
  assert.deepEqual(evidenceTests(undefined), []);
});

test('the chart scales to the latest band with padding, not to the first wide bands', () => {
  const point = (lower: number, upper: number, difference: number) => ({
    at: '2026-01-01T00:00:00Z',
    time: 0,
    difference,
    band: [lower, upper] as [number, number],
    agreement: null,
    championLatency: null,
    challengerLatency: null,
    labelledPairs: 0,
    mirroredRequests: 0,
  });
  const [low, high] = chartDomain([point(-1.9, 1.9, 0.5), point(-0.04, 0.07, 0.015)]) ?? [0, 0];
  assert.ok(low < -0.04 && low > -0.1, `low ${low}`);
  assert.ok(high > 0.07 && high < 0.12, `high ${high}`);
  assert.equal(chartDomain([]), null);
});
