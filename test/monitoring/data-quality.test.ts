import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRandom } from '../../main/common/random.js';
import {
  type ColumnCells,
  chunkPlan,
  dataQualityChecks,
  learnThreshold,
} from '../../main/monitoring/data-quality/index.js';

/** A seeded uniform generator, so the samples are the same on every run. */
const random = (seed: number): (() => number) => createRandom(seed).next;

function numbers(name: string, rows: number, seed: number, missing = 0.05): ColumnCells {
  const next = random(seed);
  const values = Float64Array.from({ length: rows }, () =>
    next() < missing ? Number.NaN : 50 + 10 * next(),
  );
  return { name, kind: 'number', rows, numbers: values, mismatches: 0 };
}

function labels(name: string, rows: number, seed: number, dictionary: string[]): ColumnCells {
  const next = random(seed);
  const codes = Int32Array.from({ length: rows }, () => Math.floor(next() * dictionary.length));
  return { name, kind: 'category', rows, codes, dictionary, mismatches: 0 };
}

test('chunks are as large as the current data but at least ten; a tiny reference falls back to floors', () => {
  assert.deepEqual(chunkPlan(5000, 200), {
    rows: 5000,
    chunks: 25,
    chunkRows: 200,
    method: 'chunks',
    starts: Array.from({ length: 25 }, (_, i) => i * 200),
  });
  assert.equal(chunkPlan(5000, 100_000).chunkRows, 500);
  assert.equal(chunkPlan(5000, 100_000).chunks, 10);
  assert.equal(chunkPlan(8, 100).method, 'floor');
});

test('a threshold is mean ± 3σ of the chunk values, never closer than the floor or the binomial σ, never NaN', () => {
  const values = [0.1, 0.12, 0.08, 0.11, 0.09];
  const mean = 0.1;
  const sd = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / 4);
  const wide = learnThreshold(values, 1_000_000, 0.1, { minWidth: 0.01, floor: 0.1 }, true);
  assert.ok(Math.abs(wide.upper - (mean + 3 * sd)) < 1e-12);
  assert.ok(Math.abs((wide.lower ?? 0) - (mean - 3 * sd)) < 1e-12);
  // Chunks of 100 rows that happen to agree closely: σ is at least the binomial √(p(1−p)/100).
  const close = learnThreshold([0.1, 0.1, 0.1], 100, 0.1, { minWidth: 0.01, floor: 0.1 }, false);
  assert.ok(Math.abs(close.upper - (0.1 + 3 * Math.sqrt(0.09 / 100))) < 1e-12);
  assert.match(close.basis, /binomial/);
  const flat = learnThreshold([0, 0, 0], 100, 0, { minWidth: 0.01, floor: 0.1 }, true);
  assert.equal(flat.upper, 0.01);
  assert.equal(flat.lower, undefined, 'a lower bound at or below 0 cannot be crossed');
  assert.match(flat.basis, /widened to the floor/);
  const tiny = learnThreshold([], 0, 0.2, { minWidth: 0.01, floor: 0.1 }, true);
  assert.ok(Math.abs(tiny.upper - 0.3) < 1e-12);
  assert.match(tiny.basis, /too few training rows/);
});

test('fresh samples of the reference distribution raise no alert, over many seeds', () => {
  const dictionary = ['a', 'b', 'c', 'd', 'e', 'f'];
  let alerts = 0;
  let checks = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const result = dataQualityChecks(
      [
        { reference: numbers('x', 3000, seed), current: numbers('x', 500, 1000 + seed), usedByModel: true },
        {
          reference: labels('c', 3000, 2 * seed, dictionary),
          current: labels('c', 500, 2000 + seed, dictionary),
          usedByModel: false,
        },
      ],
      3000,
      500,
    );
    checks += result.checks.length;
    alerts += result.checks.filter((check) => check.status === 'alert').length;
  }
  assert.equal(checks, 40 * 5);
  assert.equal(alerts, 0);
});

test('a missing-rate jump, out-of-range numbers, unseen categories and type mismatches alert', () => {
  const current = numbers('x', 500, 7);
  const values = current.numbers ?? new Float64Array(0);
  for (let i = 0; i < 100; i++) values[i] = Number.NaN; // about 20% + 5% missing
  for (let i = 100; i < 150; i++) values[i] = 1000; // 10% far above [50, 60]
  for (let i = 150; i < 155; i++) values[i] = Number.NaN; // five cells that did not read
  const category = labels('c', 500, 8, ['a', 'b', 'c', 'new']);
  const { checks, reference } = dataQualityChecks(
    [
      { reference: numbers('x', 3000, 1), current: { ...current, mismatches: 5 }, usedByModel: true },
      { reference: labels('c', 3000, 2, ['a', 'b', 'c']), current: category, usedByModel: true },
      { reference: numbers('gone', 3000, 3), current: null, usedByModel: false },
    ],
    3000,
    500,
  );
  assert.deepEqual(reference, { rows: 3000, chunks: 10, chunkRows: 300, method: 'chunks' });
  const status = (column: string, check: string) =>
    checks.find((c) => c.column === column && c.check === check);
  assert.equal(status('x', 'missing_rate')?.status, 'alert');
  assert.equal(status('x', 'out_of_range')?.status, 'alert');
  assert.ok(Math.abs((status('x', 'out_of_range')?.value ?? 0) - 50 / 375) < 0.03);
  assert.equal(status('x', 'type_mismatch')?.status, 'alert');
  assert.equal(status('c', 'unseen_category')?.status, 'alert');
  assert.match(status('c', 'unseen_category')?.reason ?? '', /"new"/);
  assert.equal(status('c', 'type_mismatch'), undefined, 'any text reads as a label');
  const gone = status('gone', 'missing_rate');
  assert.equal(gone?.value, 1);
  assert.equal(gone?.status, 'alert');
  assert.equal(gone?.usedByModel, false);
});
