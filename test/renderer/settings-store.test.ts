import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyValidation, canSave, createSettingsStore } from '../../renderer/store/settings-store.js';
import { standInClient } from './stand-in-client.js';

test('an answer for an older draft is dropped', () => {
  const current = { revision: 3, validation: { state: 'unchecked' } as const };
  assert.deepEqual(applyValidation(current, 2, { data: { valid: true, issues: [] } }), {
    state: 'unchecked',
  });
  assert.deepEqual(applyValidation(current, 3, { data: { valid: true, issues: [] } }), { state: 'valid' });
});

test('editing, validating and saving move through the states the view shows', async () => {
  const saved: string[] = [];
  const stand = standInClient({
    'settings.config': () => ({
      entries: [{ key: 'serving.port', value: 8080, secret: false, source: 'config.yaml', layer: 'base' }],
      files: { base: 'config/config.yaml', local: null },
      editableFile: 'config.local.yaml',
      editableYaml: '',
    }),
    'settings.validate': ({ yaml }) =>
      yaml.includes('port: -1')
        ? { valid: false, issues: [{ key: 'serving.port', message: 'must be between 1 and 65535', line: 2 }] }
        : { valid: true, issues: [] },
    'settings.save': ({ yaml }) => {
      saved.push(yaml);
      return {
        file: 'config.local.yaml',
        keys: ['serving.port'],
        applied: [],
        restartNeeded: [{ key: 'serving.port', reason: 'the gateway port is bound when the app starts' }],
      };
    },
  });
  const store = createSettingsStore(stand.client);
  await store.getState().load();
  assert.equal(store.getState().validation.state, 'unchanged');

  store.getState().edit('serving:\n  port: -1\n');
  assert.equal(canSave(store.getState().validation), false);
  await store.getState().validate();
  const invalid = store.getState().validation;
  assert.equal(invalid.state, 'invalid');
  assert.equal(invalid.state === 'invalid' ? invalid.issues[0]?.line : undefined, 2);
  assert.equal(canSave(invalid), false);

  store.getState().edit('serving:\n  port: 9000\n');
  await store.getState().validate();
  assert.ok(canSave(store.getState().validation));
  await store.getState().save();
  assert.deepEqual(saved, ['serving:\n  port: 9000\n']);
  assert.equal(store.getState().savedMessage, 'Saved 1 key to config.local.yaml');
  assert.deepEqual(
    store.getState().saved?.restartNeeded.map((r) => r.key),
    ['serving.port'],
  );
  store.getState().edit('serving:\n  port: 9001\n');
  assert.equal(store.getState().savedMessage, null);
  assert.deepEqual(
    store.getState().saved?.restartNeeded.map((r) => r.key),
    ['serving.port'],
    'a restart still pending is still shown while the next draft is edited',
  );
});

test('a refused save keeps the draft and shows the error code', async () => {
  const stand = standInClient({
    'settings.save': () => ({
      code: 'CONFIG_INVALID',
      message: 'secrets.api_key is a secret: set it with PODIUM_SECRETS_API_KEY',
    }),
  });
  const store = createSettingsStore(stand.client);
  store.getState().edit('secrets:\n  api_key: hunter2\n');
  await store.getState().save();
  assert.equal(store.getState().saveError?.code, 'CONFIG_INVALID');
  assert.equal(store.getState().draft, 'secrets:\n  api_key: hunter2\n');
  assert.equal(store.getState().savedMessage, null);
});
