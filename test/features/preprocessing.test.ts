import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isPodiumError } from '../../main/contract/errors.js';
import {
  decodePrediction,
  encode,
  fitPreprocessing,
  fromJSON,
  inputSignature,
  toJSON,
} from '../../main/features/index.js';
import { binary, category, config, date, numeric, table } from '../training/fixtures.js';

const rows = (...values: number[]) => Uint32Array.from(values);

describe('preprocessing', () => {
  test('number features are fitted on the training rows only', () => {
    const data = table(numeric('x', [1, 2, 3, 4, 5, 1000, -1000]), numeric('y', [1, 2, 3, 4, 5, 6, 7]));
    const pre = fitPreprocessing(
      data,
      config([{ name: 'x', type: 'number' }], { name: 'y', type: 'number' }),
      rows(0, 1, 2, 3, 4),
    );
    const [state] = pre.inputs;
    assert.equal(state.kind, 'number');
    if (state.kind !== 'number') return;
    assert.equal(state.center, 3);
    assert.ok(Math.abs(state.scale - Math.sqrt(2)) < 1e-12);
    assert.equal(pre.target.task, 'number');
    if (pre.target.task === 'number') assert.equal(pre.target.mean, 3);
    const { x, y } = encode(pre, data, rows(5, 0));
    assert.ok(Math.abs(x.numeric[0] - Math.fround((1000 - 3) / Math.sqrt(2))) < 1e-3);
    assert.ok(Math.abs(x.numeric[1] - Math.fround(-2 / Math.sqrt(2))) < 1e-6);
    assert.ok(y);
    assert.ok(Math.abs((y?.values[0] ?? 0) - 3 / Math.sqrt(2)) < 1e-5);
  });

  test('missing numbers: mean or median imputation, min-max scaling, never NaN', () => {
    const data = table(numeric('x', [1, 2, 10, Number.NaN]), numeric('y', [0, 1, 0, 1]));
    const median = fitPreprocessing(
      data,
      config(
        [
          {
            name: 'x',
            type: 'number',
            preprocessing: { missing_value_strategy: 'fill_with_median', normalization: 'minmax' },
          },
        ],
        { name: 'y', type: 'number' },
      ),
      rows(0, 1, 2, 3),
    );
    const encoded = encode(median, data);
    assert.deepEqual([...encoded.x.numeric], [0, 1 / 9, 1, 1 / 9].map(Math.fround));
    const mean = fitPreprocessing(
      data,
      config([{ name: 'x', type: 'number' }], { name: 'y', type: 'number' }),
      rows(0, 1, 2, 3),
    );
    const meanEncoded = encode(mean, data);
    assert.equal(meanEncoded.x.numeric[3], 0);
    assert.ok(meanEncoded.x.numeric.every(Number.isFinite));
  });

  test('category: vocabulary of the training rows, most frequent first; unseen → unknown and counted', () => {
    const data = table(
      category('city', ['paris', 'rome', 'paris', null, 'oslo', 'rome', 'paris', 'lima', 'berlin']),
      numeric('y', [1, 2, 3, 4, 5, 6, 7, 8, 9]),
    );
    const pre = fitPreprocessing(
      data,
      config([{ name: 'city', type: 'category', preprocessing: { most_common: 2 } }], {
        name: 'y',
        type: 'number',
      }),
      rows(0, 1, 2, 3, 4, 5, 6),
    );
    assert.deepEqual(pre.inputs[0], { kind: 'category', name: 'city', vocabulary: ['paris', 'rome'] });
    const encoded = encode(pre, data);
    assert.deepEqual([...encoded.x.categorical[0]], [1, 2, 1, 0, 0, 2, 1, 0, 0]);
    assert.deepEqual(encoded.x.categoricalCardinalities, [3]);
    // oslo was cut by most_common, lima and berlin never seen, the null is missing: 3 unknown values.
    assert.equal(encoded.unseenCategories, 3);
    assert.deepEqual(encoded.unseenByFeature, { city: 3 });
  });

  test('binary inputs become 0/1 with the training mode for missing values', () => {
    const data = table(
      category('member', ['yes', 'no', 'yes', null, 'maybe']),
      binary('flag', [1, 0, 1, Number.NaN, 1], ['n', 'y']),
      numeric('y', [1, 2, 3, 4, 5]),
    );
    const pre = fitPreprocessing(
      data,
      config(
        [
          { name: 'member', type: 'binary' },
          { name: 'flag', type: 'binary' },
        ],
        { name: 'y', type: 'number' },
      ),
      rows(0, 1, 2, 3),
    );
    assert.deepEqual(pre.inputs[0], { kind: 'binary', name: 'member', levels: ['no', 'yes'], fill: 1 });
    assert.deepEqual(pre.inputs[1], { kind: 'binary', name: 'flag', levels: ['n', 'y'], fill: 1 });
    const encoded = encode(pre, data);
    assert.deepEqual([...encoded.x.numeric], [1, 1, 0, 0, 1, 1, 1, 1, 1, 1]);
    assert.equal(encoded.unseenCategories, 1);
  });

  test('dates become scaled year, month, ISO week, day of week and day of year', () => {
    const data = table(
      date('when', ['2023-01-01', '2023-07-01', '2024-03-15', null]),
      numeric('y', [1, 2, 3, 4]),
    );
    const pre = fitPreprocessing(
      data,
      config([{ name: 'when', type: 'date' }], { name: 'y', type: 'number' }),
      rows(0, 1, 2, 3),
    );
    const encoded = encode(pre, data);
    assert.deepEqual(encoded.x.numericNames, [
      'when_year',
      'when_month',
      'when_week_of_year',
      'when_day_of_week',
      'when_day_of_year',
    ]);
    const state = pre.inputs[0];
    assert.equal(state.kind, 'date');
    if (state.kind !== 'date') return;
    const year = state.parts[0];
    assert.ok(Math.abs(year.mean - (2023 + 2023 + 2024) / 3) < 1e-9);
    // 2023-01-01 was a Sunday (0) in ISO week 52 of 2022; the missing date encodes as all zeros.
    const week = state.parts[2];
    assert.ok(Math.abs(week.mean - (52 + 26 + 11) / 3) < 1e-9);
    const dow = state.parts[3];
    assert.ok(Math.abs(encoded.x.numeric[3] - Math.fround((0 - dow.mean) / dow.std)) < 1e-6);
    assert.deepEqual([...encoded.x.numeric.subarray(15, 20)], [0, 0, 0, 0, 0]);
  });

  test('a date part that never varies in training is left out (weekly data has one weekday)', () => {
    // Fridays in two years: day of week is constant, the others vary.
    const data = table(date('week', ['2010-02-05', '2010-02-12', '2011-03-04']), numeric('y', [1, 2, 3]));
    const pre = fitPreprocessing(
      data,
      config([{ name: 'week', type: 'date' }], { name: 'y', type: 'number' }),
      rows(0, 1, 2),
    );
    assert.deepEqual(encode(pre, data).x.numericNames, [
      'week_year',
      'week_month',
      'week_week_of_year',
      'week_day_of_year',
    ]);
  });

  test('targets: binary 0/1 with classes, category index, unknown class -1, missing NaN', () => {
    const data = table(
      numeric('x', [1, 2, 3, 4, 5, 6]),
      category('label', ['no', 'yes', 'yes', 'no', null, 'maybe']),
      category('kind', ['b', 'a', 'c', 'a', 'b', 'd']),
    );
    const pre = fitPreprocessing(
      data,
      config([{ name: 'x', type: 'number' }], { name: 'label', type: 'binary' }),
      rows(0, 1, 2, 3),
    );
    assert.deepEqual(pre.target, { name: 'label', task: 'binary', classes: ['no', 'yes'] });
    const y = encode(pre, data).y;
    assert.deepEqual([...(y?.values ?? [])], [0, 1, 1, 0, Number.NaN, -1]);

    const multi = fitPreprocessing(
      data,
      config([{ name: 'x', type: 'number' }], { name: 'kind', type: 'category' }),
      rows(0, 1, 2, 3),
    );
    assert.deepEqual(multi.target, { name: 'kind', task: 'category', classes: ['a', 'b', 'c'] });
    assert.deepEqual([...(encode(multi, data).y?.values ?? [])], [1, 0, 2, 0, 1, -1]);
  });

  test('a binary target with three classes in training is a config error', () => {
    const data = table(numeric('x', [1, 2, 3]), category('label', ['a', 'b', 'c']));
    assert.throws(
      () =>
        fitPreprocessing(
          data,
          config([{ name: 'x', type: 'number' }], { name: 'label', type: 'binary' }),
          rows(0, 1, 2),
        ),
      (error: unknown) =>
        isPodiumError(error) && error.code === 'MODEL_CONFIG_INVALID' && /use category/.test(error.message),
    );
  });

  test('JSON round-trip gives the same encoding; a damaged file is PACKAGE_INVALID', () => {
    const data = table(
      numeric('x', [1, 2, 3, 4]),
      category('c', ['a', 'b', 'a', 'z']),
      date('d', ['2024-01-01', '2024-02-01', '2024-03-01', '2024-04-01']),
      category('label', ['no', 'yes', 'yes', 'no']),
    );
    const pre = fitPreprocessing(
      data,
      config(
        [
          { name: 'x', type: 'number' },
          { name: 'c', type: 'category' },
          { name: 'd', type: 'date' },
        ],
        { name: 'label', type: 'binary' },
      ),
      rows(0, 1, 2),
    );
    const restored = fromJSON(JSON.parse(JSON.stringify(toJSON(pre))));
    assert.deepEqual(restored, pre);
    assert.deepEqual(encode(restored, data), encode(pre, data));
    assert.throws(
      () => fromJSON({ ...toJSON(pre), target: { name: 'label', task: 'binary', classes: ['only'] } }),
      (error: unknown) => isPodiumError(error) && error.code === 'PACKAGE_INVALID',
    );
  });

  test('signature and decoding', () => {
    const data = table(
      category('c', ['a', 'b', 'a']),
      binary('f', [0, 1, 0], ['off', 'on']),
      category('kind', ['x', 'y', 'z']),
    );
    const pre = fitPreprocessing(
      data,
      config(
        [
          { name: 'c', type: 'category' },
          { name: 'f', type: 'binary' },
        ],
        { name: 'kind', type: 'category' },
      ),
      rows(0, 1, 2),
    );
    assert.deepEqual(inputSignature(pre), {
      inputs: [
        { name: 'c', type: 'category', allowed: ['a', 'b'] },
        { name: 'f', type: 'binary', allowed: ['off', 'on'] },
      ],
      output: { name: 'kind', type: 'category', classes: ['x', 'y', 'z'] },
    });
    const decoded = decodePrediction(pre, Float32Array.from([0.2, 0.5, 0.3, 0.6, 0.3, 0.1]), 2);
    assert.equal(decoded[0].value, 'y');
    assert.equal(decoded[1].value, 'x');
    assert.ok(Math.abs((decoded[0].probabilities?.z ?? 0) - 0.3) < 1e-6);
  });
});
