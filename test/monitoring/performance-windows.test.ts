import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { createRandom } from '../../main/common/random.js';
import { performanceOverTime } from '../../main/monitoring/performance/index.js';
import { computeMetrics } from '../../main/training/index.js';
import type { Task } from '../../main/training/types.js';
import { registryFixture } from '../helpers/registry-fixture.js';
import { fakeClock } from '../helpers/workspace.js';

const HOUR = 3_600_000;
const DAY1 = new Date('2026-02-01T00:00:00Z');
const DAY2 = new Date('2026-02-02T00:00:00Z');
const clock = fakeClock(DAY1);
const { workspace, log, register: registerVersion, stores } = registryFixture(clock);
after(() => workspace.cleanup());

function register(model: string, task: Task, version: number): void {
  registerVersion(model, task, version);
}

type Answer = { version: number; role: 'champion' | 'shadow'; body: Record<string, unknown> | null };

/** One gateway request: the champion's and shadows' answers logged at the clock's time. */
function request(model: string, answers: Answer[]): string {
  const requestId = randomUUID();
  for (const answer of answers) {
    log.add({
      requestId,
      modelName: model,
      version: answer.version,
      role: answer.role,
      features: answer.role === 'champion' ? '{}' : null,
      prediction:
        answer.body === null ? null : JSON.stringify({ ...answer.body, model_version: answer.version }),
      status: answer.body === null ? 500 : 200,
      latencyMs: 1,
    });
  }
  log.flush();
  return requestId;
}

function binaryAnswer(p: number): Record<string, unknown> {
  return { prediction: p >= 0.5 ? '1' : '0', probabilities: { '0': 1 - p, '1': p } };
}

function withoutLoss(values: Record<string, number>): Record<string, number> {
  const { loss: _loss, ...rest } = values;
  return rest;
}

function assertClose(actual: Record<string, number>, expected: Record<string, number>): void {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
  for (const key of Object.keys(expected)) {
    assert.ok(Math.abs(actual[key] - expected[key]) < 1e-12, `${key}: ${actual[key]} vs ${expected[key]}`);
  }
}

// Binary traffic: v1 champion and v2 shadow on the same requests, in hours 0–2 of day 1 and 5–6
// of day 2; every fifth request stays unlabelled; labels arrive as 1, "0", true… as callers send them.
register('churn', 'binary', 1);
register('churn', 'binary', 2);
type Truth = { hour: number; p1: number; p2: number; label: number | null };
const truths: Truth[] = [];
{
  const random = createRandom(7);
  const hours = [0, 1, 2, 24 + 5, 24 + 6];
  const counts = [30, 45, 25, 40, 35];
  const feedback: { requestId: string; actual: unknown }[] = [];
  hours.forEach((hour, h) => {
    clock.set(new Date(DAY1.getTime() + hour * HOUR + 60_000));
    for (let i = 0; i < counts[h]; i++) {
      clock.advance(1000);
      const p1 = random.next();
      const p2 = random.next();
      const y = random.next() < p1 ? 1 : 0;
      const id = request('churn', [
        { version: 1, role: 'champion', body: binaryAnswer(p1) },
        { version: 2, role: 'shadow', body: binaryAnswer(p2) },
      ]);
      const labelled = i % 5 !== 4;
      truths.push({ hour, p1, p2, label: labelled ? y : null });
      if (labelled) feedback.push({ requestId: id, actual: [y, String(y), y === 1][i % 3] });
    }
  });
  // A failed shadow answer is not a prediction: it counts nowhere.
  clock.set(new Date(DAY1.getTime() + 2 * HOUR + 30 * 60_000));
  request('churn', [
    { version: 1, role: 'champion', body: binaryAnswer(0.9) },
    { version: 2, role: 'shadow', body: null },
  ]);
  truths.push({ hour: 2, p1: 0.9, p2: Number.NaN, label: null });
  clock.set(new Date(DAY2.getTime() + 12 * HOUR));
  log.attachFeedback(feedback);
}

function expectedBinary(rows: Truth[], key: 'p1' | 'p2'): Record<string, number> {
  const labelled = rows.filter((row) => row.label !== null && !Number.isNaN(row[key]));
  return withoutLoss(
    computeMetrics(
      'binary',
      labelled.map((row) => row.label as number),
      labelled.map((row) => row[key]),
    ).values,
  );
}

test('hourly windows: counts and metrics equal computeMetrics on the same rows, champion and shadow side by side', () => {
  const report = performanceOverTime(stores, {
    modelName: 'churn',
    window: 'hour',
    from: DAY1,
    to: new Date(DAY2.getTime() + 24 * HOUR),
  });
  assert.equal(report.task, 'binary');
  assert.deepEqual(report.classes, ['0', '1']);
  assert.deepEqual(
    report.versions.map((series) => [series.version, series.role]),
    [
      [1, 'champion'],
      [2, 'shadow'],
    ],
  );
  for (const series of report.versions) {
    const key = series.version === 1 ? 'p1' : 'p2';
    assert.deepEqual(
      series.points.map((point) => point.windowStart),
      [0, 1, 2, 29, 30].map((hour) => new Date(DAY1.getTime() + hour * HOUR).toISOString()),
    );
    for (const point of series.points) {
      const hour = (Date.parse(point.windowStart) - DAY1.getTime()) / HOUR;
      const rows = truths.filter((row) => row.hour === hour && !Number.isNaN(row[key]));
      assert.equal(point.requests, rows.length, `requests in hour ${hour}`);
      assert.equal(point.labelled, rows.filter((row) => row.label !== null).length);
      assertClose(point.metrics, expectedBinary(rows, key));
      assert.ok('roc_auc' in point.metrics && 'log_loss' in point.metrics);
    }
  }
  // The champion answered the request the shadow failed.
  assert.equal(report.versions[0].points[2].requests, report.versions[1].points[2].requests + 1);
});

test('daily windows pool the hours of each day', () => {
  const report = performanceOverTime(stores, {
    modelName: 'churn',
    window: 'day',
    from: '2026-02-01T00:00:00Z',
    to: '2026-02-03T00:00:00Z',
  });
  const champion = report.versions.find((series) => series.version === 1);
  assert.ok(champion);
  assert.deepEqual(
    champion.points.map((point) => [point.windowStart, point.requests]),
    [
      [DAY1.toISOString(), 30 + 45 + 25 + 1],
      [DAY2.toISOString(), 40 + 35],
    ],
  );
  assertClose(
    champion.points[0].metrics,
    expectedBinary(
      truths.filter((row) => row.hour < 24),
      'p1',
    ),
  );
  assertClose(
    champion.points[1].metrics,
    expectedBinary(
      truths.filter((row) => row.hour >= 24),
      'p1',
    ),
  );
});

test('the range is half-open, versions can be chosen, and labelsAsOf replays what was known', () => {
  const report = performanceOverTime(stores, {
    modelName: 'churn',
    versions: [2],
    window: 'hour',
    from: new Date(DAY1.getTime() + HOUR),
    to: new Date(DAY1.getTime() + 2 * HOUR),
  });
  assert.equal(report.versions.length, 1);
  assert.equal(report.versions[0].version, 2);
  assert.equal(report.versions[0].points.length, 1);
  assert.equal(report.versions[0].points[0].requests, 45);

  const before = performanceOverTime(stores, {
    modelName: 'churn',
    window: 'day',
    from: DAY1,
    to: DAY2,
    labelsAsOf: new Date(DAY2.getTime() + HOUR),
  });
  assert.equal(before.versions[0].points[0].labelled, 0);
  assert.deepEqual(before.versions[0].points[0].metrics, {});

  const unknownVersion = performanceOverTime(stores, {
    modelName: 'churn',
    versions: [9],
    window: 'day',
    from: DAY1,
    to: DAY2,
  });
  assert.deepEqual(unknownVersion.versions, [{ version: 9, role: null, points: [] }]);
});

test('regression and multiclass windows use the same metric definitions', () => {
  register('price', 'number', 1);
  register('colour', 'category', 1);
  const random = createRandom(11);
  const priceRows: { actual: number; predicted: number }[] = [];
  const colourRows: { label: string; probabilities: Record<string, number> }[] = [];
  const feedback: { requestId: string; actual: unknown }[] = [];
  clock.set(new Date('2026-02-05T10:15:00Z'));
  for (let i = 0; i < 60; i++) {
    clock.advance(1000);
    const actual = 100 + 10 * random.normal();
    const predicted = actual + 4 * random.normal();
    feedback.push({
      requestId: request('price', [{ version: 1, role: 'champion', body: { prediction: predicted } }]),
      actual,
    });
    priceRows.push({ actual, predicted });
    const raw = [random.next(), random.next(), random.next()];
    const total = raw[0] + raw[1] + raw[2];
    const probabilities = { red: raw[0] / total, green: raw[1] / total, blue: raw[2] / total };
    const best = Object.entries(probabilities).sort((a, b) => b[1] - a[1])[0][0];
    const label = ['red', 'green', 'blue'][random.int(3)];
    feedback.push({
      requestId: request('colour', [
        { version: 1, role: 'champion', body: { prediction: best, probabilities } },
      ]),
      actual: label,
    });
    colourRows.push({ label, probabilities });
  }
  log.attachFeedback(feedback);
  const range = { window: 'day' as const, from: '2026-02-05T00:00:00Z', to: '2026-02-06T00:00:00Z' };

  const price = performanceOverTime(stores, { modelName: 'price', ...range });
  assert.equal(price.classes, null);
  assertClose(
    price.versions[0].points[0].metrics,
    withoutLoss(
      computeMetrics(
        'number',
        priceRows.map((row) => row.actual),
        priceRows.map((row) => row.predicted),
      ).values,
    ),
  );
  assert.ok(price.versions[0].points[0].metrics.r2 > 0.5);

  const colour = performanceOverTime(stores, { modelName: 'colour', ...range });
  // Training's class order: by code point.
  assert.deepEqual(colour.classes, ['blue', 'green', 'red']);
  const classes = ['blue', 'green', 'red'];
  assertClose(
    colour.versions[0].points[0].metrics,
    withoutLoss(
      computeMetrics(
        'category',
        colourRows.map((row) => classes.indexOf(row.label)),
        colourRows.flatMap((row) => classes.map((c) => row.probabilities[c])),
        classes,
      ).values,
    ),
  );
});

test('bad arguments are refused with a usage error naming the field', () => {
  assert.throws(
    () => performanceOverTime(stores, { modelName: 'churn', window: 'week' as 'day', from: DAY1, to: DAY2 }),
    (error: { code?: string; details?: { field?: string } }) =>
      error.code === 'USAGE' && error.details?.field === 'window',
  );
  assert.throws(
    () => performanceOverTime(stores, { modelName: 'churn', window: 'day', from: DAY2, to: DAY1 }),
    (error: { code?: string }) => error.code === 'USAGE',
  );
  assert.throws(
    () => performanceOverTime(stores, { modelName: 'nope', window: 'day', from: DAY1, to: DAY2 }),
    (error: { code?: string }) => error.code === 'NOT_FOUND',
  );
});
