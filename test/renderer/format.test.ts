import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCount, formatMetric, formatNumber, formatYear, isYearColumn } from '../../renderer/format.js';

test('numbers are formatted by kind: years plain, metrics to 4 digits, large errors in exponent form, counts with plurals', () => {
  assert.equal(formatYear(1950), '1950');
  assert.equal(formatYear(1987.25), '1987.3');
  assert.ok(isYearColumn('year_built'));
  assert.ok(!isYearColumn('income'));
  assert.equal(formatMetric(0.912345), '0.9123');
  assert.equal(formatMetric(12.34567), '12.35');
  assert.equal(formatMetric(5625611265.7302), '5.626e9');
  assert.equal(formatMetric(null), '—');
  assert.equal(formatNumber(5625611265.7302), '5.63e9');
  assert.equal(formatCount(1, 'version'), '1 version');
  assert.equal(formatCount(2, 'version'), '2 versions');
  assert.equal(formatCount(1200, 'row'), '1,200 rows');
});
