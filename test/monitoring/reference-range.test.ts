import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Table } from '../../main/data/types.js';
import { outsideReferenceRange } from '../../main/monitoring/performance/reference-range.js';

const table = (values: Record<string, number[]>): Table => ({
  rowCount: Object.values(values)[0].length,
  columns: Object.entries(values).map(([name, v]) => ({
    name,
    type: 'numeric',
    values: Float64Array.from(v),
  })),
});

test('rows beyond the reference range are counted per numeric input, missing values left out', () => {
  const reference = table({ area: [20, 50, 140], rooms: [1, 3, 5] });
  const current = table({ area: [10, 60, 200, Number.NaN], rooms: [2, 3, 4, 5] });
  assert.deepEqual(outsideReferenceRange(current, reference, ['area', 'rooms', 'absent']), [
    { column: 'area', share: 2 / 3, referenceMin: 20, referenceMax: 140 },
  ]);
});
