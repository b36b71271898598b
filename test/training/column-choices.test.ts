import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DatasetProfile } from '../../main/data/types.js';
import { columnChoices, generateModelConfig } from '../../main/training/index.js';
import { profileColumn } from '../helpers/profile-column.js';

const column = profileColumn;

const profile: DatasetProfile = {
  rows: 100,
  columns: [
    column('customer_id', 'id', 100),
    column('row_id', 'integer', 100),
    column('age', 'integer', 40),
    column('signup', 'date', 80),
    column('notes', 'text', 100),
    column('constant', 'category', 1),
    column('blank', 'text', 0, 100),
    column('churned', 'binary', 2),
  ],
};

test('training says which columns it left out and why, and which dates became parts', () => {
  const config = generateModelConfig(profile, 'churned', { modelType: 'linear' });
  const features = ['age', 'signup_year', 'signup_month'];
  const choices = columnChoices(profile, config, features);
  const reason = (name: string) => choices.find((c) => c.column === name)?.reason ?? '';
  assert.deepEqual(
    choices.filter((c) => c.choice === 'left_out').map((c) => c.column),
    ['customer_id', 'row_id', 'notes', 'constant', 'blank'],
  );
  assert.match(reason('customer_id'), /^id-like/);
  assert.match(reason('row_id'), /^id-like/);
  assert.match(reason('notes'), /^free text/);
  assert.match(reason('constant'), /^constant/);
  assert.match(reason('blank'), /^empty/);
  // Neither the target nor a plain input is listed; the date names the parts the model kept.
  assert.equal(
    choices.some((c) => c.column === 'churned' || c.column === 'age'),
    false,
  );
  assert.deepEqual(choices.find((c) => c.column === 'signup')?.parts, ['year', 'month']);
});
