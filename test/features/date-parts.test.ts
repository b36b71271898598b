import assert from 'node:assert/strict';
import { test } from 'node:test';
import { datePart } from '../../main/features/date-parts.js';

test('ISO 8601 weeks, including the ones that belong to the neighbouring year', () => {
  const week = (iso: string) => datePart(Date.parse(`${iso}T00:00:00Z`), 'week_of_year');
  assert.equal(week('2010-02-05'), 5); // Walmart's first week
  assert.equal(week('2012-10-26'), 43); // and its last
  assert.equal(week('2021-01-03'), 53); // a Sunday still in 2020's week 53
  assert.equal(week('2021-01-04'), 1);
  assert.equal(week('2024-12-30'), 1); // a Monday already in 2025's week 1
  assert.equal(week('2026-11-23'), 48);
});
