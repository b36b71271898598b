import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isPodiumError } from '../../main/contract/errors.js';
import type { DatasetProfile } from '../../main/data/types.js';
import { generateModelConfig, parseModelConfig, stringifyModelConfig } from '../../main/training/index.js';
import { profileColumn } from '../helpers/profile-column.js';

const column = profileColumn;

const profile: DatasetProfile = {
  rows: 100,
  columns: [
    column('customer_id', 'id', 100),
    column('row_id', 'integer', 100),
    column('age', 'integer', 40),
    column('income', 'numeric', 95),
    column('plan', 'category', 4),
    column('is_member', 'binary', 2),
    column('signup', 'date', 80),
    column('notes', 'text', 100),
    column('constant', 'category', 1),
    column('churned', 'binary', 2),
    column('segment', 'category', 5),
    column('visits', 'integer', 6),
    column('spend', 'numeric', 100),
  ],
};

describe('generateModelConfig', () => {
  test('derives the task from the target column', () => {
    assert.equal(generateModelConfig(profile, 'churned').output_features[0].type, 'binary');
    assert.equal(generateModelConfig(profile, 'segment').output_features[0].type, 'category');
    assert.equal(generateModelConfig(profile, 'visits').output_features[0].type, 'category');
    assert.equal(generateModelConfig(profile, 'spend').output_features[0].type, 'number');
    assert.equal(generateModelConfig(profile, 'age').output_features[0].type, 'number');
  });

  test('maps column types to input features and skips ids, text and constants', () => {
    const config = generateModelConfig(profile, 'churned', { modelType: 'linear', seed: 7 });
    assert.equal(config.model_type, 'linear');
    assert.equal(config.seed, 7);
    const inputs = Object.fromEntries(config.input_features.map((feature) => [feature.name, feature.type]));
    assert.deepEqual(inputs, {
      age: 'number',
      income: 'number',
      plan: 'category',
      is_member: 'binary',
      signup: 'date',
      segment: 'category',
      visits: 'number',
      spend: 'number',
    });
    assert.deepEqual(config.preprocessing.split, { type: 'random', probabilities: [0.7, 0.15, 0.15] });
    assert.equal(config.trainer.epochs, 100);
  });

  test('a datetime split only when asked, on the date column', () => {
    const config = generateModelConfig(profile, 'churned', { splitType: 'datetime' });
    assert.deepEqual(config.preprocessing.split, {
      type: 'datetime',
      column: 'signup',
      probabilities: [0.7, 0.15, 0.15],
    });
  });

  test('a missing target lists the columns', () => {
    try {
      generateModelConfig(profile, 'churn');
      assert.fail('expected an error');
    } catch (error) {
      assert.ok(isPodiumError(error));
      assert.equal(error.code, 'MODEL_CONFIG_INVALID');
      assert.match(error.message, /"churn" is not in the dataset; columns: customer_id, row_id, age/);
      assert.deepEqual(
        error.details?.columns,
        profile.columns.map((c) => c.name),
      );
    }
  });

  test('the generated config survives YAML', () => {
    const config = generateModelConfig(profile, 'segment');
    assert.deepEqual(parseModelConfig(stringifyModelConfig(config), 'generated.yaml'), config);
  });
  test('integers that name a group become categories; quantities stay numbers', () => {
    const groups: DatasetProfile = {
      rows: 1000,
      columns: [
        column('Store', 'integer', 45),
        column('dept_no', 'integer', 80),
        column('storeId', 'integer', 12),
        column('age', 'integer', 60),
        column('paid', 'integer', 30),
        column('num_credit_lines', 'integer', 20),
        column('Weekly_Sales', 'numeric', 1000),
      ],
    };
    const types = Object.fromEntries(
      generateModelConfig(groups, 'Weekly_Sales').input_features.map((feature) => [
        feature.name,
        feature.type,
      ]),
    );
    assert.deepEqual(types, {
      Store: 'category',
      dept_no: 'category',
      storeId: 'category',
      age: 'number',
      paid: 'number',
      num_credit_lines: 'number',
    });
  });
});
