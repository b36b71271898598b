import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, test } from 'node:test';
import { createRandom } from '../../main/common/random.js';
import { estimatePerformance, type PerformanceEstimate } from '../../main/monitoring/performance/index.js';
import { computeMetrics } from '../../main/training/index.js';
import type { Task } from '../../main/training/types.js';
import { registryFixture } from '../helpers/registry-fixture.js';
import { fakeClock } from '../helpers/workspace.js';

const DAY = 86_400_000;
const DAY1 = new Date('2026-03-01T00:00:00Z');
const DAY2 = new Date(DAY1.getTime() + DAY);
const DAY3 = new Date(DAY1.getTime() + 2 * DAY);
const ROWS_PER_DAY = 2000;
/**
 * How far an estimate on 2,000 rows may sit from the realised value: about three standard errors
 * of the realised metric plus the calibrator's own sampling noise (measured over 20 seeds).
 */
const TOLERANCE: Record<string, number> = {
  accuracy: 0.03,
  roc_auc: 0.04,
  f1_score: 0.045,
  precision: 0.07,
  recall: 0.05,
};

const clock = fakeClock(DAY1);
const { workspace, log, register: registerVersion, stores } = registryFixture(clock);
after(() => workspace.cleanup());

function register(model: string, task: Task, version: number): void {
  registerVersion(model, task, version);
}

const sigmoid = (u: number) => 1 / (1 + Math.exp(-u));
const answer = (p: number) =>
  JSON.stringify({ prediction: p >= 0.5 ? 'yes' : 'no', probabilities: { no: 1 - p, yes: p } });

/**
 * The champion v1 is calibrated: its probability is the label's true chance (label ~ Bernoulli(p)).
 * The shadow v2 sees the same requests through noise and is over-confident (its logit stretched 2.5×).
 */
type Row = { requestId: string; day: number; p1: number; p2: number; label: number };
register('loans', 'binary', 1);
register('loans', 'binary', 2);
const rows: Row[] = [];
{
  const random = createRandom(2026);
  for (const day of [0, 1]) {
    clock.set(new Date(DAY1.getTime() + day * DAY + 60_000));
    for (let i = 0; i < ROWS_PER_DAY; i++) {
      clock.advance(20_000);
      const z = 1.5 * random.normal();
      const p1 = sigmoid(z);
      const p2 = sigmoid(2.5 * (z + 0.7 * random.normal()));
      const label = random.next() < p1 ? 1 : 0;
      const requestId = randomUUID();
      const common = { requestId, modelName: 'loans', status: 200, latencyMs: 1 };
      log.add({ ...common, version: 1, role: 'champion', features: '{}', prediction: answer(p1) });
      log.add({ ...common, version: 2, role: 'shadow', prediction: answer(p2) });
      // The log stamps rows when it flushes: flush per request to spread them over the day.
      log.flush();
      rows.push({ requestId, day, p1, p2, label });
    }
  }
}

function realised(day: number, key: 'p1' | 'p2'): Record<string, number> {
  const dayRows = rows.filter((row) => row.day === day);
  return computeMetrics(
    'binary',
    dayRows.map((row) => row.label),
    dayRows.map((row) => row[key]),
  ).values;
}

function labelDay(day: number): void {
  log.attachFeedback(
    rows
      .filter((row) => row.day === day)
      .map((row) => ({ requestId: row.requestId, actual: row.label === 1 ? 'yes' : 'no' })),
  );
}

const estimate = (labelsAsOf?: Date): PerformanceEstimate =>
  estimatePerformance(stores, { modelName: 'loans', window: 'day', from: DAY1, to: DAY3, labelsAsOf });

function windowOf(report: PerformanceEstimate, version: number, day: number) {
  const series = report.versions.find((entry) => entry.version === version);
  assert.ok(series, `version ${version}`);
  const found = series.windows.find(
    (window) => window.windowStart === new Date(DAY1.getTime() + day * DAY).toISOString(),
  );
  assert.ok(found, `day ${day}`);
  return found;
}

let beforeLabels: PerformanceEstimate;
let dayOneLabelled: PerformanceEstimate;

test('before any label: a calibrated model is estimated within a few points, and the report says it is uncalibrated', () => {
  clock.set(new Date(DAY3.getTime() + 3_600_000));
  beforeLabels = estimate();
  assert.equal(beforeLabels.method, 'cbpe');
  assert.deepEqual(beforeLabels.classes, ['no', 'yes']);
  assert.deepEqual(
    beforeLabels.versions.map((entry) => [entry.version, entry.role, entry.estimable]),
    [
      [1, 'champion', true],
      [2, 'shadow', true],
    ],
  );
  for (const day of [0, 1]) {
    const window = windowOf(beforeLabels, 1, day);
    assert.equal(window.requests, ROWS_PER_DAY);
    assert.equal(window.labelled, 0);
    assert.equal(window.calibration?.method, 'none');
    assert.equal(window.reliable, false);
    assert.match(window.warnings.join(' '), /face value/);
    const accuracy = window.metrics.accuracy;
    assert.equal(accuracy.realised, null);
    assert.equal(accuracy.difference, null);
    assert.equal(accuracy.labelledShare, 0);
    const truth = realised(day, 'p1');
    assert.ok(
      Math.abs((accuracy.estimated as number) - truth.accuracy) < TOLERANCE.accuracy,
      `accuracy day ${day}`,
    );
    assert.ok(
      Math.abs((window.metrics.roc_auc.estimated as number) - truth.roc_auc) < TOLERANCE.roc_auc,
      `roc_auc day ${day}`,
    );
    assert.ok(
      Math.abs((window.metrics.f1_score.estimated as number) - truth.f1_score) < TOLERANCE.f1_score,
      `f1 day ${day}`,
    );
  }
});

test('an over-confident shadow without calibration data looks better than it is, and the report says so', () => {
  const window = windowOf(beforeLabels, 2, 1);
  assert.equal(window.calibration?.method, 'none');
  assert.equal(window.reliable, false);
  assert.match(window.warnings.join(' '), /over-confident model looks better/);
  const truth = realised(1, 'p2');
  assert.ok(
    (window.metrics.accuracy.estimated as number) - truth.accuracy > 0.05,
    'face-value estimate is optimistic',
  );
});

test("once day one's labels arrive, day two is estimated from calibrated probabilities, champion and shadow alike", () => {
  clock.set(new Date(DAY3.getTime() + 2 * 3_600_000));
  labelDay(0);
  dayOneLabelled = estimate();
  for (const [version, key] of [
    [1, 'p1'],
    [2, 'p2'],
  ] as const) {
    const window = windowOf(dayOneLabelled, version, 1);
    // The champion's probabilities are already calibrated: a calibrator would only add noise.
    assert.deepEqual(
      window.calibration,
      version === 1
        ? { method: 'none', rows: ROWS_PER_DAY, reason: 'not_needed' }
        : { method: 'isotonic', rows: ROWS_PER_DAY, reason: 'fitted' },
    );
    assert.equal(window.reliable, true, window.warnings.join(' '));
    assert.equal(window.labelled, 0);
    assert.equal(window.metrics.accuracy.realised, null);
    const truth = realised(1, key);
    assert.ok(
      Math.abs((window.metrics.accuracy.estimated as number) - truth.accuracy) < TOLERANCE.accuracy,
      `v${version}: ${window.metrics.accuracy.estimated} vs ${truth.accuracy}`,
    );
    assert.ok(
      Math.abs((window.metrics.roc_auc.estimated as number) - truth.roc_auc) < TOLERANCE.roc_auc,
      `v${version} roc_auc`,
    );
    assert.ok(
      Math.abs((window.metrics.f1_score.estimated as number) - truth.f1_score) < TOLERANCE.f1_score,
      `v${version} f1`,
    );
  }
  // The shadow's calibration corrects its over-confidence and says so.
  const shadow = windowOf(dayOneLabelled, 2, 1);
  assert.match(shadow.notes.join(' '), /over-confident/);
  assert.ok((shadow.uncalibratedAccuracy as number) > (shadow.metrics.accuracy.estimated as number) + 0.05);
  assert.ok(shadow.reliable, shadow.warnings.join(' '));
  // Day one itself has its labels: the realised side is filled in, its estimate still uncalibrated
  // because no label outside that window exists yet.
  const dayOne = windowOf(dayOneLabelled, 1, 0);
  assert.equal(dayOne.labelledShare, 1);
  assert.deepEqual(dayOne.calibration, { method: 'none', rows: 0, reason: 'too_few_labels' });
  assert.equal(dayOne.metrics.accuracy.realised, realised(0, 'p1').accuracy);
});

test('when the labels of day two arrive, the estimate reconciles with the realised value', () => {
  clock.set(new Date(DAY3.getTime() + 3 * 3_600_000));
  labelDay(1);
  const reconciled = estimate();
  for (const [version, key] of [
    [1, 'p1'],
    [2, 'p2'],
  ] as const) {
    const window = windowOf(reconciled, version, 1);
    const early = windowOf(dayOneLabelled, version, 1);
    // The window's own labels never enter its calibration: the early read is unchanged.
    assert.equal(window.metrics.accuracy.estimated, early.metrics.accuracy.estimated);
    const truth = realised(1, key);
    for (const name of ['accuracy', 'precision', 'recall', 'f1_score', 'roc_auc']) {
      const metric = window.metrics[name];
      assert.equal(metric.labelledShare, 1);
      assert.ok(Math.abs((metric.realised as number) - truth[name]) < 1e-12, name);
      assert.ok(
        Math.abs(
          (metric.difference as number) - ((metric.realised as number) - (metric.estimated as number)),
        ) < 1e-15,
      );
      assert.ok(
        Math.abs(metric.difference as number) < TOLERANCE[name],
        `v${version} ${name}: ${metric.difference}`,
      );
    }
    // Day one is now calibrated on day two's labels.
    const dayOne = windowOf(reconciled, version, 0);
    assert.equal(dayOne.calibration?.reason, version === 1 ? 'not_needed' : 'fitted');
    assert.ok(Math.abs(dayOne.metrics.accuracy.difference as number) < TOLERANCE.accuracy);
  }
  // labelsAsOf replays the moment only day one was labelled.
  const replay = estimatePerformance(stores, {
    modelName: 'loans',
    window: 'day',
    from: DAY1,
    to: DAY3,
    labelsAsOf: new Date(DAY3.getTime() + 2 * 3_600_000),
  });
  assert.deepEqual(replay.versions, dayOneLabelled.versions);
});

test('few labels calibrate with Platt scaling; a small window is flagged with its sampling error', () => {
  // Day two's traffic runs at 180 requests an hour from 00:01; calibrate on hours 3 and 4 only.
  const report = estimatePerformance(stores, {
    modelName: 'loans',
    versions: [2],
    window: 'hour',
    from: new Date(DAY2.getTime() + 5 * 3_600_000),
    to: new Date(DAY2.getTime() + 6 * 3_600_000),
    calibrationFrom: new Date(DAY2.getTime() + 3 * 3_600_000),
  });
  const window = report.versions[0].windows[0];
  assert.equal(window.requests, 180);
  assert.deepEqual(window.calibration, { method: 'platt', rows: 360, reason: 'fitted' });
  assert.ok(Math.abs(window.metrics.accuracy.difference as number) < 0.08);

  const tiny = estimatePerformance(stores, {
    modelName: 'loans',
    versions: [1],
    window: 'hour',
    from: DAY2,
    to: new Date(DAY2.getTime() + 3_600_000),
    calibrationFrom: DAY1,
    minWindowRows: 500,
  });
  const small = tiny.versions[0].windows[0];
  assert.equal(small.calibration?.reason, 'not_needed');
  assert.equal(small.reliable, false);
  assert.match(small.warnings.join(' '), /Only \d+ requests: .* ±0\.0\d\d/);
});

test('a regression model gets no CBPE estimate, with the reason, and its realised metrics', () => {
  register('price', 'number', 1);
  clock.set(new Date(DAY1.getTime() + 5 * 3_600_000));
  const random = createRandom(1);
  const feedback: { requestId: string; actual: number }[] = [];
  for (let i = 0; i < 50; i++) {
    const requestId = randomUUID();
    const actual = 10 + random.normal();
    log.add({
      requestId,
      modelName: 'price',
      version: 1,
      role: 'champion',
      features: '{}',
      prediction: JSON.stringify({ prediction: actual + 0.3 * random.normal() }),
      status: 200,
      latencyMs: 1,
    });
    feedback.push({ requestId, actual });
  }
  log.flush();
  log.attachFeedback(feedback);
  const report = estimatePerformance(stores, { modelName: 'price', window: 'day', from: DAY1, to: DAY2 });
  const version = report.versions[0];
  assert.equal(version.estimable, false);
  assert.match(version.reason ?? '', /regression/);
  const window = version.windows[0];
  assert.equal(window.metrics.r2.estimated, null);
  assert.ok((window.metrics.r2.realised as number) > 0.8);
  assert.equal(window.metrics.r2.difference, null);
  assert.equal(window.metrics.r2.labelledShare, 1);
});

test('scores outside what the calibration saw make the estimate unreliable (covariate shift)', () => {
  register('shifted', 'binary', 1);
  const random = createRandom(8);
  const feedback: { requestId: string; actual: string }[] = [];
  const write = (start: Date, low: number, high: number, label: boolean) => {
    clock.set(start);
    for (let i = 0; i < 600; i++) {
      clock.advance(5_000);
      const p = low + (high - low) * random.next();
      const requestId = randomUUID();
      log.add({
        requestId,
        modelName: 'shifted',
        version: 1,
        role: 'champion',
        features: '{}',
        prediction: answer(p),
        status: 200,
        latencyMs: 1,
      });
      log.flush();
      if (label) feedback.push({ requestId, actual: random.next() < p ? 'yes' : 'no' });
    }
  };
  write(DAY1, 0.2, 0.8, true);
  write(DAY2, 0.85, 0.99, false);
  log.attachFeedback(feedback);
  const report = estimatePerformance(stores, { modelName: 'shifted', window: 'day', from: DAY1, to: DAY3 });
  const [known, shifted] = report.versions[0].windows;
  assert.equal(known.labelled, 600);
  assert.equal(shifted.calibration?.rows, 600);
  assert.equal(shifted.reliable, false);
  assert.match(shifted.warnings.join(' '), /100\.0% of this window's scores lie outside the range/);
  assert.match(shifted.warnings.join(' '), /shifted from the calibration rows/);
});

test('multiclass: accuracy is estimated from the confidence of the predicted class', () => {
  register('colour', 'category', 1);
  const random = createRandom(9);
  const labels: number[] = [];
  const outputs: number[] = [];
  clock.set(DAY1);
  for (let i = 0; i < ROWS_PER_DAY; i++) {
    clock.advance(10_000);
    const raw = [random.next() ** 3, random.next() ** 3, random.next() ** 3];
    const total = raw[0] + raw[1] + raw[2];
    const p = raw.map((value) => value / total);
    const u = random.next();
    labels.push(u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2);
    outputs.push(...p);
    const best = p.indexOf(Math.max(...p));
    log.add({
      requestId: randomUUID(),
      modelName: 'colour',
      version: 1,
      role: 'champion',
      features: '{}',
      prediction: JSON.stringify({
        prediction: ['blue', 'green', 'red'][best],
        probabilities: { blue: p[0], green: p[1], red: p[2] },
      }),
      status: 200,
      latencyMs: 1,
    });
    log.flush();
  }
  const report = estimatePerformance(stores, { modelName: 'colour', window: 'day', from: DAY1, to: DAY2 });
  const window = report.versions[0].windows[0];
  assert.deepEqual(Object.keys(window.metrics), ['accuracy']);
  const truth = computeMetrics('category', labels, outputs, ['blue', 'green', 'red']).values.accuracy;
  assert.ok(Math.abs((window.metrics.accuracy.estimated as number) - truth) < TOLERANCE.accuracy);
  assert.match(report.assumptions.join(' '), /only accuracy/);
});
