import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isPodiumError, type PodiumError } from '../../main/contract/errors.js';
import { parseModelConfig, stringifyModelConfig, validateModelConfig } from '../../main/training/index.js';

function configError(run: () => unknown): PodiumError {
  try {
    run();
  } catch (error) {
    if (isPodiumError(error)) return error;
    throw error;
  }
  assert.fail('expected a PodiumError');
}

const MINIMAL = `
input_features:
  - name: age
    type: number
  - name: city
    type: category
output_features:
  - name: churned
    type: binary
`;

describe('model config schema', () => {
  test('a date input may default to the request time; no other input may', () => {
    const dated = parseModelConfig(
      `${MINIMAL}\n`.replace(
        '    type: number\n',
        '    type: number\n  - name: signup\n    type: date\n    default: request_time\n',
      ),
      'model.yaml',
    );
    assert.equal(dated.input_features.find((f) => f.name === 'signup')?.default, 'request_time');
    const error = configError(() =>
      parseModelConfig(
        MINIMAL.replace('    type: number\n', '    type: number\n    default: request_time\n'),
        'model.yaml',
      ),
    );
    assert.equal(error.code, 'MODEL_CONFIG_INVALID');
    assert.match(
      error.message,
      /model\.yaml:\d+: .*only a date feature has a default \(age is a number feature\)/,
    );
  });

  test('fills every default', () => {
    const config = parseModelConfig(MINIMAL, 'model.yaml');
    assert.equal(config.model_type, 'ecd');
    assert.deepEqual(config.trainer, {
      epochs: 100,
      batch_size: 128,
      learning_rate: 0.001,
      optimizer: 'adam',
      early_stop: 5,
      l1: 0,
      l2: 0,
    });
    assert.deepEqual(config.combiner, {
      type: 'concat',
      fc_layers: [{ output_size: 64 }, { output_size: 32 }],
      dropout: 0.1,
    });
    assert.deepEqual(config.preprocessing.split, { type: 'random', probabilities: [0.7, 0.15, 0.15] });
    assert.equal(config.seed, 42);
    assert.equal(config.hyperopt, undefined);
    assert.deepEqual(config.output_features, [{ name: 'churned', type: 'binary' }]);
  });

  test('keeps given values and fills the rest of a partial section', () => {
    const config = parseModelConfig(`${MINIMAL}trainer:\n  epochs: 7\n  l2: 0.01\n`, 'model.yaml');
    assert.equal(config.trainer.epochs, 7);
    assert.equal(config.trainer.l2, 0.01);
    assert.equal(config.trainer.batch_size, 128);
  });

  test('a misspelt key names the file, the key path and the closest valid key', () => {
    const error = configError(() =>
      parseModelConfig(`${MINIMAL}trainer:\n  learnin_rate: 0.1\n`, 'configs/churn.yaml'),
    );
    assert.equal(error.code, 'MODEL_CONFIG_INVALID');
    assert.match(error.message, /configs\/churn\.yaml:\d+/);
    assert.match(error.message, /trainer\.learnin_rate/);
    assert.match(error.message, /did you mean trainer\.learning_rate\?/);
    assert.equal(error.details?.file, 'configs/churn.yaml');
    assert.equal(error.details?.key, 'trainer.learnin_rate');
    assert.equal(error.details?.suggestion, 'learning_rate');
    assert.equal(error.details?.line, 11);
  });

  test('a misspelt key inside a list item is found too', () => {
    const error = configError(() =>
      parseModelConfig(
        'input_features:\n  - name: a\n    tpye: number\noutput_features:\n  - name: y\n    type: number\n',
        'm.yaml',
      ),
    );
    assert.match(error.message, /input_features\.0\.tpye/);
    assert.match(error.message, /did you mean input_features\.0\.type\?/);
  });

  test('a wrong type names the expected type and what was found', () => {
    const error = configError(() => parseModelConfig(`${MINIMAL}trainer:\n  epochs: ten\n`, 'model.yaml'));
    assert.match(error.message, /trainer\.epochs: expected number, found string "ten"/);
    assert.equal(error.details?.expected, 'number');
  });

  test('a wrong enum value suggests the closest allowed one', () => {
    const error = configError(() =>
      parseModelConfig(MINIMAL.replace('type: category', 'type: categroy'), 'model.yaml'),
    );
    assert.match(error.message, /input_features\.1\.type: expected one of number, category, binary, date/);
    assert.match(error.message, /did you mean "category"\?/);
  });

  test('broken YAML reports the file and line', () => {
    const error = configError(() => parseModelConfig('input_features: [\n  - a', 'bad.yaml'));
    assert.equal(error.code, 'MODEL_CONFIG_INVALID');
    assert.match(error.message, /^bad\.yaml/);
  });

  test('split probabilities must add up to 1, and a datetime split needs its column', () => {
    const sum = configError(() =>
      validateModelConfig({
        input_features: [{ name: 'a', type: 'number' }],
        output_features: [{ name: 'y', type: 'number' }],
        preprocessing: { split: { probabilities: [0.5, 0.2, 0.2] } },
      }),
    );
    assert.match(
      sum.message,
      /preprocessing\.split\.probabilities: the three probabilities must add up to 1/,
    );
    const datetime = configError(() =>
      validateModelConfig({
        input_features: [{ name: 'a', type: 'number' }],
        output_features: [{ name: 'y', type: 'number' }],
        preprocessing: { split: { type: 'datetime' } },
      }),
    );
    assert.match(datetime.message, /preprocessing\.split\.column/);
  });

  test('hyperopt: defaults, a misspelt parameter path and a metric from the wrong task', () => {
    const config = validateModelConfig({
      input_features: [{ name: 'a', type: 'number' }],
      output_features: [{ name: 'y', type: 'binary' }],
      hyperopt: {
        metric: 'roc_auc',
        goal: 'maximize',
        parameters: { 'trainer.l2': { space: 'loguniform', lower: 1e-4, upper: 1 } },
      },
    });
    assert.equal(config.hyperopt?.num_samples, 10);
    assert.deepEqual(config.hyperopt?.search_alg, { type: 'random' });

    const path = configError(() =>
      validateModelConfig({
        input_features: [{ name: 'a', type: 'number' }],
        output_features: [{ name: 'y', type: 'binary' }],
        hyperopt: { parameters: { 'trainer.learnin_rate': { space: 'uniform', lower: 0.001, upper: 0.1 } } },
      }),
    );
    assert.match(path.message, /did you mean trainer\.learning_rate\?/);

    const metric = configError(() =>
      validateModelConfig({
        input_features: [{ name: 'a', type: 'number' }],
        output_features: [{ name: 'y', type: 'binary' }],
        hyperopt: { metric: 'r2', parameters: { 'trainer.l2': { space: 'choice', categories: [0, 0.1] } } },
      }),
    );
    assert.match(metric.message, /"r2" is not a binary metric/);
  });

  test('one output feature only; an input cannot be the output', () => {
    const two = configError(() =>
      validateModelConfig({
        input_features: [{ name: 'a', type: 'number' }],
        output_features: [
          { name: 'y', type: 'number' },
          { name: 'z', type: 'number' },
        ],
      }),
    );
    assert.match(two.message, /exactly one output feature/);
    const same = configError(() =>
      validateModelConfig({
        input_features: [{ name: 'y', type: 'number' }],
        output_features: [{ name: 'y', type: 'number' }],
      }),
    );
    assert.match(same.message, /cannot also be an input feature/);
  });

  test('stringify round-trips through parse', () => {
    const config = parseModelConfig(
      `${MINIMAL}model_type: linear\nhyperopt:\n  parameters:\n    trainer.l1:\n      space: grid_search\n      values: [0, 0.01]\n`,
      'model.yaml',
    );
    const text = stringifyModelConfig(config);
    assert.deepEqual(parseModelConfig(text, 'again.yaml'), config);
    assert.ok(text.indexOf('model_type') < text.indexOf('input_features'));
  });
});
