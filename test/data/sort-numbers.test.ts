import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRandom } from '../../main/common/random.js';
import { SortScratch, sortFloat64 } from '../../main/data/sort-numbers.js';

/** The engine's own sort is the answer: same values, same order, −0 before 0. */
function assertSortedLikeEngine(values: Float64Array): void {
  const expected = values.slice().sort();
  const actual = sortFloat64(values.slice());
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i]))
      assert.fail(`index ${i}: ${actual[i]} where the engine has ${expected[i]}`);
  }
}

test('few distinct values (counted) and many (radix) sort as the engine sorts, signed zeros included', () => {
  const random = createRandom(7);
  const draw = (n: number, value: () => number) => Float64Array.from({ length: n }, value);
  const atoms = [0, -0, 1.5, -2.25, 1e300, -1e-300, 5e-324];
  for (const n of [600, 20_000]) {
    assertSortedLikeEngine(draw(n, () => Math.floor(random.next() * 60) - 30));
    assertSortedLikeEngine(draw(n, () => atoms[Math.floor(random.next() * atoms.length)]));
    assertSortedLikeEngine(draw(n, () => Math.round(random.next() * 300_000) / 100));
    assertSortedLikeEngine(draw(n, () => (random.next() - 0.5) * 1e6));
  }
  // Exactly the counting limit, and one past it (the radix sort takes over).
  assertSortedLikeEngine(draw(50_000, () => Math.floor(random.next() * 4096)));
  assertSortedLikeEngine(Float64Array.from({ length: 50_000 }, (_, i) => (i * 7919) % 4097));
});

test('one scratch buffer serves columns of different lengths, larger then smaller', () => {
  const random = createRandom(11);
  const scratch = new SortScratch();
  for (const n of [30_000, 5_000, 20_000, 40_000, 601]) {
    // An odd number of radix passes leaves the result in the scratch: integers differ in fewer digits.
    for (const draw of [() => (random.next() - 0.5) * 1e9, () => Math.floor(random.next() * 1e6)]) {
      const values = Float64Array.from({ length: n }, draw);
      const expected = values.slice().sort();
      assert.deepEqual(sortFloat64(values, scratch), expected);
    }
  }
});
