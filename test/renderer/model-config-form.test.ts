import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyConfigPatch, featureSpec, readConfigForm } from '../../renderer/store/model-config-form.js';

const template = `# generated from sales.csv
model_type: ecd
input_features:
  - name: Store
    type: category
    preprocessing:
      most_common: 50
  - name: Temperature
    type: number
output_features:
  - name: Weekly_Sales
    type: number
trainer:
  epochs: 20 # keep it short
  batch_size: 256
  learning_rate: 0.001
  early_stop: 5
seed: 42
`;

test('the form reads its fields out of the YAML', () => {
  const read = readConfigForm(template);
  assert.ok(read.ok);
  assert.deepEqual(read.fields.features, ['Store', 'Temperature']);
  assert.equal(read.fields.epochs, 20);
  assert.equal(read.fields.learningRate, 0.001);
  assert.equal(read.fields.search.enabled, false);
});

test('a form change edits the YAML in place and keeps its comments', () => {
  const next = applyConfigPatch(template, { kind: 'set', path: ['trainer', 'epochs'], value: 40 });
  assert.ok(next.includes('# generated from sales.csv'));
  assert.ok(next.includes('epochs: 40 # keep it short'));
  const read = readConfigForm(next);
  assert.ok(read.ok);
  assert.equal(read.fields.epochs, 40);
});

test('a feature switched off and on again comes back with its settings', () => {
  const spec = featureSpec(template, 'Store');
  assert.deepEqual(spec, { name: 'Store', type: 'category', preprocessing: { most_common: 50 } });
  if (spec === null) return;
  const without = applyConfigPatch(template, { kind: 'feature', feature: spec, enabled: false });
  const readWithout = readConfigForm(without);
  assert.ok(readWithout.ok);
  assert.deepEqual(readWithout.fields.features, ['Temperature']);
  const back = applyConfigPatch(without, { kind: 'feature', feature: spec, enabled: true });
  assert.deepEqual(featureSpec(back, 'Store'), spec);
});

test('search can be switched on with a starting space and off again', () => {
  const on = applyConfigPatch(template, { kind: 'search', enabled: true });
  const read = readConfigForm(on);
  assert.ok(read.ok);
  assert.deepEqual(read.fields.search, { enabled: true, samples: 8, algorithm: 'random', metric: 'loss' });
  const off = readConfigForm(applyConfigPatch(on, { kind: 'search', enabled: false }));
  assert.ok(off.ok);
  assert.equal(off.fields.search.enabled, false);
});

test('broken YAML is reported with its line and form changes leave it untouched', () => {
  const broken = 'model_type: ecd\ntrainer:\n  epochs: [1, 2\n';
  const read = readConfigForm(broken);
  assert.equal(read.ok, false);
  assert.match(read.ok ? '' : read.message, /^Line \d+: /);
  assert.equal(applyConfigPatch(broken, { kind: 'set', path: ['seed'], value: 1 }), broken);
  assert.deepEqual(readConfigForm('- just\n- a list\n'), {
    ok: false,
    message: 'The model config must be a YAML mapping',
  });
});
