import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { splitRows } from '../../main/training/index.js';
import { date, numeric, table } from './fixtures.js';

const rows = (n: number) =>
  table(
    numeric(
      'x',
      Array.from({ length: n }, (_, i) => i),
    ),
  );

describe('splitRows', () => {
  test('random: same seed, same rows; another seed, other rows', () => {
    const data = rows(1000);
    const split = { type: 'random' as const, probabilities: [0.7, 0.15, 0.15] as [number, number, number] };
    const a = splitRows(data, split, 42);
    const b = splitRows(data, split, 42);
    const c = splitRows(data, split, 43);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.test, c.test);
    assert.equal(a.train.length, 700);
    assert.equal(a.validation.length, 150);
    assert.equal(a.test.length, 150);
  });

  test('random: a partition of all rows, each part ascending', () => {
    const {
      train,
      validation,
      test: testRows,
    } = splitRows(rows(101), { type: 'random', probabilities: [0.6, 0.2, 0.2] }, 1);
    const all = [...train, ...validation, ...testRows].sort((x, y) => x - y);
    assert.deepEqual(
      all,
      Array.from({ length: 101 }, (_, i) => i),
    );
    for (const part of [train, validation, testRows]) {
      for (let i = 1; i < part.length; i++) assert.ok(part[i - 1] < part[i]);
    }
  });

  test('datetime: oldest rows train, newest test; missing dates go to train', () => {
    const dates = [
      '2024-01-05',
      '2024-01-01',
      null,
      '2024-01-09',
      '2024-01-03',
      '2024-01-07',
      '2024-01-02',
      '2024-01-08',
      '2024-01-04',
      '2024-01-06',
    ];
    const data = table(
      date('when', dates),
      numeric(
        'x',
        dates.map((_, i) => i),
      ),
    );
    const split = splitRows(data, { type: 'datetime', column: 'when', probabilities: [0.6, 0.2, 0.2] }, 42);
    // Sorted by date: row 2 (missing), 1, 6, 4, 8, 0 | 9, 5 | 7, 3
    assert.deepEqual([...split.train], [0, 1, 2, 4, 6, 8]);
    assert.deepEqual([...split.validation], [5, 9]);
    assert.deepEqual([...split.test], [3, 7]);
    const maxTrain = Math.max(
      ...[...split.train].map((r) => data.columns[0].values[r] as number).filter((v) => !Number.isNaN(v)),
    );
    const minTest = Math.min(...[...split.test].map((r) => data.columns[0].values[r] as number));
    assert.ok(maxTrain < minTest);
  });

  test('datetime on a column that is not a date is DATA_INVALID', () => {
    assert.throws(
      () => splitRows(rows(10), { type: 'datetime', column: 'x', probabilities: [0.8, 0.1, 0.1] }, 1),
      (error: { code?: string; message?: string }) =>
        error.code === 'DATA_INVALID' && /not a date column/.test(error.message ?? ''),
    );
  });
});
