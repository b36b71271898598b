import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codedNumbers } from '../../main/data/columnar/index.js';

/** The codes `String(value)` of each cell would get, in order of first appearance. */
function byLabel(values: Float64Array): { codes: Int32Array; dictionary: string[] } {
  const dictionary: string[] = [];
  const codeOf = new Map<string, number>();
  const codes = Int32Array.from(values, (value) => {
    if (Number.isNaN(value)) return -1;
    const label = String(value);
    let code = codeOf.get(label);
    if (code === undefined) {
      code = dictionary.length;
      dictionary.push(label);
      codeOf.set(label, code);
    }
    return code;
  });
  return { codes, dictionary };
}

test('numbers coded as labels: small integers, -0, fractions, negatives and large values as String codes them', () => {
  const values = Float64Array.from([
    36,
    60,
    36,
    Number.NaN,
    -0,
    0,
    4095,
    4096,
    4095.5,
    -1,
    1e21,
    60,
    0.1 + 0.2,
    0.3,
    2 ** 31,
    -0,
    1,
    4096,
  ]);
  assert.deepEqual(codedNumbers(values), byLabel(values));
  assert.deepEqual(codedNumbers(values).dictionary.slice(0, 4), ['36', '60', '0', '4095']);
});

test('a million-row 0/1 column keeps one label per value', () => {
  const values = Float64Array.from({ length: 1_000_000 }, (_, i) => (i % 7 === 0 ? Number.NaN : i % 2));
  const coded = codedNumbers(values);
  assert.deepEqual(coded, byLabel(values));
  assert.deepEqual(coded.dictionary, ['1', '0']);
});
