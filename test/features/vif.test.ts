import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createRandom } from '../../main/common/random.js';
import {
  encode,
  fitPreprocessing,
  fromJSON,
  selectByVif,
  toJSON,
  varianceInflationFactors,
} from '../../main/features/index.js';
import { config, numeric, table } from '../training/fixtures.js';

// Ten rows, four columns: x3 ≈ x1 + x2, x4 unrelated. Expected VIFs from numpy:
// np.diag(np.linalg.inv(np.corrcoef(X, rowvar=False))), which equals statsmodels'
// variance_inflation_factor on the design with a constant.
const X = [
  [1, 2, 3.5, 10],
  [2, 1, 3.1, 11],
  [3, 4, 7.2, 9],
  [4, 3, 6.8, 14],
  [5, 6, 11.1, 12],
  [6, 5, 10.9, 13],
  [7, 8, 15.2, 10],
  [8, 7, 14.8, 16],
  [9, 10, 19.1, 15],
  [10, 9, 18.7, 12],
];
const column = (j: number) => X.map((row) => row[j]);
const close = (actual: number, expected: number, relative = 1e-6) =>
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${actual} ≉ ${expected}`);

describe('variance inflation factors', () => {
  test('match numpy on a table with known collinearity', () => {
    const vifs = varianceInflationFactors([0, 1, 2, 3].map(column));
    [774.204577903303, 1564.2217111073942, 4348.202166449298, 1.8378378378378297].forEach((expected, j) => {
      close(vifs[j], expected);
    });
    // After dropping x3: numpy gives these for x1, x2, x4.
    const without = varianceInflationFactors([0, 1, 3].map(column));
    [12.922912713472513, 10.574715370018998, 1.8064516129032269].forEach((expected, j) => {
      close(without[j], expected);
    });
  });

  test('uncorrelated columns have VIF 1', () => {
    const vifs = varianceInflationFactors([
      [1, -1, 1, -1],
      [1, 1, -1, -1],
    ]);
    close(vifs[0], 1, 1e-9);
    close(vifs[1], 1, 1e-9);
  });

  test('backward elimination drops the highest VIF while it exceeds the threshold', () => {
    const selection = selectByVif(['x1', 'x2', 'x3', 'x4'], [0, 1, 2, 3].map(column), 10);
    assert.deepEqual(
      selection.dropped.map((entry) => entry.name),
      ['x3', 'x1'],
    );
    close(selection.dropped[0].vif ?? 0, 4348.202166449298);
    close(selection.dropped[1].vif ?? 0, 12.922912713472513);
    assert.equal(selection.dropped[0].reason, 'vif');
    // numpy: VIF of x2 and x4 together.
    assert.deepEqual(
      selection.kept.map((entry) => entry.name),
      ['x2', 'x4'],
    );
    for (const entry of selection.kept) close(entry.vif ?? 0, 1.1892792247122959);
    // A higher threshold keeps x1 (12.9 < 20).
    assert.deepEqual(
      selectByVif(['x1', 'x2', 'x3', 'x4'], [0, 1, 2, 3].map(column), 20).dropped.map((e) => e.name),
      ['x3'],
    );
  });

  test('an exact linear combination and a constant column are dropped without dividing by zero', () => {
    const random = createRandom(5);
    const a = Array.from({ length: 200 }, () => random.normal());
    const b = Array.from({ length: 200 }, () => random.normal());
    const sum = a.map((value, i) => value + 2 * b[i]);
    const constant = a.map(() => 7);
    const selection = selectByVif(['a', 'b', 'sum', 'constant'], [a, b, sum, constant], 10);
    assert.deepEqual(selection.dropped[0], { name: 'constant', vif: null, reason: 'constant' });
    assert.equal(selection.dropped[1].name, 'sum');
    assert.ok((selection.dropped[1].vif ?? 0) > 1e6 && Number.isFinite(selection.dropped[1].vif));
    assert.deepEqual(
      selection.kept.map((e) => e.name),
      ['a', 'b'],
    );
  });
});

describe('VIF feature selection in fitted preprocessing', () => {
  const data = table(
    numeric('x1', column(0)),
    numeric('x2', column(1)),
    numeric('x3', column(2)),
    numeric('x4', column(3)),
    numeric(
      'y',
      column(0).map((v, i) => v + column(3)[i]),
    ),
  );
  const inputs = ['x1', 'x2', 'x3', 'x4'].map((name) => ({ name, type: 'number' as const }));
  const rows = Uint32Array.from(X.keys());

  test('is fitted on the training rows, recorded, and leaves the dropped features out of the encoding', () => {
    const pre = fitPreprocessing(
      data,
      config(
        inputs,
        { name: 'y', type: 'number' },
        {
          preprocessing: { feature_selection: { method: 'vif', threshold: 10 } },
        },
      ),
      rows,
    );
    assert.deepEqual(
      pre.inputs.map((input) => input.name),
      ['x2', 'x4'],
    );
    assert.deepEqual(
      pre.selection?.dropped.map((entry) => entry.name),
      ['x3', 'x1'],
    );
    assert.deepEqual(encode(pre, data).x.numericNames, ['x2', 'x4']);
    // preprocessing.json keeps the record.
    assert.deepEqual(fromJSON(toJSON(pre)).selection, pre.selection);
  });

  test('is off unless the config asks for it, and the threshold must exceed 1', () => {
    const pre = fitPreprocessing(data, config(inputs, { name: 'y', type: 'number' }), rows);
    assert.equal(pre.inputs.length, 4);
    assert.equal(pre.selection, undefined);
    assert.throws(
      () =>
        config(
          inputs,
          { name: 'y', type: 'number' },
          {
            preprocessing: { feature_selection: { method: 'vif', threshold: 0.5 } },
          },
        ),
      /feature_selection\.threshold/,
    );
  });
});
