import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MonitorReport } from '../../main/contract/index.js';
import {
  chooseMetric,
  createPerformanceStore,
  estimationNote,
  hasTraffic,
  latestReadings,
  metricChoices,
  performanceSeries,
} from '../../renderer/store/performance-store.js';
import { standInClient } from './stand-in-client.js';

const day1 = '2026-12-01T00:00:00.000Z';
const day2 = '2026-12-02T00:00:00.000Z';

function emptyReport(model = 'sales'): MonitorReport {
  return {
    model,
    window: 'day',
    from: '2026-11-23T00:00:00.000Z',
    to: '2026-12-07T00:00:00.000Z',
    performance: null,
    estimate: null,
    drop: null,
    services: [],
    latestDrift: null,
    openAlerts: [],
  };
}

function lossWindow(
  windowStart: string,
  requests: number,
  labelled: number,
  mae: number,
  realisedMae: number | null,
) {
  const few = requests < 100;
  return {
    windowStart,
    requests,
    labelled,
    labelledShare: labelled / requests,
    calibration: null,
    uncalibratedAccuracy: null,
    accuracyStandardError: null,
    metrics: {
      mae: { estimated: mae, realised: realisedMae, labelledShare: labelled / requests, difference: null },
      rmse: { estimated: mae * 1.3, realised: null, labelledShare: labelled / requests, difference: null },
    },
    reliable: !few,
    warnings: few ? [`Only ${requests} requests in this window (fewer than 100).`] : [],
    notes: [],
  };
}

/** A regression served by champion v2 with v3 in shadow: day 1 labelled, day 2 not yet, and thin. */
function regressionReport(): MonitorReport {
  return {
    ...emptyReport(),
    performance: {
      modelName: 'sales',
      task: 'number',
      window: 'day',
      from: '2026-11-23T00:00:00.000Z',
      to: '2026-12-07T00:00:00.000Z',
      classes: null,
      versions: [
        {
          version: 3,
          role: 'shadow',
          points: [
            { windowStart: day1, requests: 200, labelled: 150, metrics: { mae: 4.5, rmse: 6, r2: 0.8 } },
            { windowStart: day2, requests: 40, labelled: 0, metrics: {} },
          ],
        },
        {
          version: 2,
          role: 'champion',
          points: [
            { windowStart: day1, requests: 200, labelled: 150, metrics: { mae: 5, rmse: 7, r2: 0.75 } },
            { windowStart: day2, requests: 40, labelled: 0, metrics: {} },
          ],
        },
      ],
    },
    estimate: {
      modelName: 'sales',
      task: 'number',
      method: 'dle',
      window: 'day',
      from: '2026-11-23T00:00:00.000Z',
      to: '2026-12-07T00:00:00.000Z',
      calibrationFrom: '2026-11-23T00:00:00.000Z',
      classes: null,
      assumptions: ['Direct Loss Estimation: …', 'It follows covariate shift but not concept drift.'],
      versions: [
        {
          version: 2,
          role: 'champion',
          estimable: true,
          reason: null,
          windows: [lossWindow(day1, 200, 150, 5.2, 5), lossWindow(day2, 40, 0, 6.1, null)],
        },
        {
          version: 3,
          role: 'shadow',
          estimable: true,
          reason: null,
          windows: [lossWindow(day1, 200, 150, 4.4, 4.5), lossWindow(day2, 40, 0, 4.9, null)],
        },
      ],
    },
  };
}

test('metrics with an estimate come first, then the realised-only ones; a missing choice falls back', () => {
  const report = regressionReport();
  assert.deepEqual(metricChoices(report), ['mae', 'rmse', 'r2']);
  assert.equal(chooseMetric(report, null), 'mae');
  assert.equal(chooseMetric(report, 'r2'), 'r2');
  assert.equal(chooseMetric(report, 'accuracy'), 'mae');
  assert.equal(chooseMetric(emptyReport(), 'mae'), null);
});

test('one solid realised and one dashed estimated line per version, the champion first in the first colour', () => {
  const { rows, lines } = performanceSeries(regressionReport(), 'mae');
  assert.deepEqual(
    lines.map((line) => [line.key, line.name, line.dashed, line.colourIndex]),
    [
      ['v2_realised', 'v2 champion realised', false, 0],
      ['v2_estimated', 'v2 champion estimated', true, 0],
      ['v3_realised', 'v3 shadow realised', false, 1],
      ['v3_estimated', 'v3 shadow estimated', true, 1],
    ],
  );
  // Day 2 has no labels yet: only the estimates stand there (no realised 0 that would read as perfect).
  assert.deepEqual(rows, [
    {
      atMs: Date.parse(day1),
      windowStart: day1,
      v2_realised: 5,
      v2_estimated: 5.2,
      v3_realised: 4.5,
      v3_estimated: 4.4,
    },
    { atMs: Date.parse(day2), windowStart: day2, v2_estimated: 6.1, v3_estimated: 4.9 },
  ]);
});

test('a metric without estimates draws only realised lines', () => {
  const { lines } = performanceSeries(regressionReport(), 'r2');
  assert.deepEqual(
    lines.map((line) => line.key),
    ['v2_realised', 'v3_realised'],
  );
});

test('windows the report flags carry its warnings; the table lists the latest windows newest first', () => {
  const { readings } = performanceSeries(regressionReport(), 'mae');
  const latest = latestReadings(readings, 1);
  assert.deepEqual(
    latest.map((r) => [r.windowStart, r.version, r.requests, r.labelled, r.realised, r.estimated]),
    [
      [day2, 2, 40, 0, null, 6.1],
      [day2, 3, 40, 0, null, 4.9],
    ],
  );
  assert.match(latest[0]?.flags[0] ?? '', /Only 40 requests/);
  const first = readings.find((r) => r.windowStart === day1 && r.version === 2);
  assert.deepEqual(first?.flags, []);
  assert.equal(latestReadings(readings, 5).length, 4);
});

test('the note names the method and its assumptions, and says why a version has no estimate', () => {
  const report = regressionReport();
  assert.match(estimationNote(report)?.method ?? '', /Direct loss estimation/);
  assert.equal(estimationNote(report)?.assumptions.length, 2);
  assert.equal(estimationNote(emptyReport()), null);
  const classifier: MonitorReport = {
    ...report,
    estimate: {
      ...(report.estimate as NonNullable<MonitorReport['estimate']>),
      method: 'cbpe',
      versions: [{ version: 4, role: 'shadow', estimable: false, reason: 'no probabilities', windows: [] }],
    },
  };
  assert.deepEqual(estimationNote(classifier)?.missing, ['v4: no probabilities']);
  assert.match(estimationNote(classifier)?.method ?? '', /CBPE/);
});

test('without answered requests there is nothing to chart', () => {
  assert.equal(hasTraffic(emptyReport()), false);
  assert.equal(hasTraffic(regressionReport()), true);
});

test('the store asks for the chosen model and window, and reloads when the window changes', async () => {
  const { client, calls } = standInClient({
    'monitoring.report': (input) => ({ ...regressionReport(), window: input.window ?? 'day' }),
  });
  const store = createPerformanceStore(client);
  await store.getState().load('sales');
  assert.equal(store.getState().report.data?.window, 'day');
  await store.getState().setWindow('hour', 'sales');
  assert.equal(store.getState().report.data?.window, 'hour');
  assert.deepEqual(
    calls.map((call) => call.input),
    [
      { model: 'sales', window: 'day', days: 14 },
      { model: 'sales', window: 'hour', days: 2 },
    ],
  );
  store.getState().setMetric('rmse');
  assert.equal(store.getState().metric, 'rmse');
});

test('an error is kept beside the last good report', async () => {
  let fail = false;
  const { client } = standInClient({
    'monitoring.report': () =>
      fail ? { code: 'NOT_FOUND', message: 'No model named sales' } : regressionReport(),
  });
  const store = createPerformanceStore(client);
  await store.getState().load('sales');
  fail = true;
  await store.getState().load('sales');
  assert.equal(store.getState().report.error?.code, 'NOT_FOUND');
  assert.equal(store.getState().report.data?.model, 'sales');
});
