import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig, redactConfig } from '../../main/config/index.js';
import { tempDir } from '../helpers/workspace.js';

function expectConfigError(run: () => unknown, ...fragments: string[]): void {
  assert.throws(run, (error: Error & { code?: string }) => {
    assert.equal(error.code, 'CONFIG_INVALID');
    for (const fragment of fragments)
      assert.ok(error.message.includes(fragment), `"${error.message}" should mention "${fragment}"`);
    return true;
  });
}

test('committed config.yaml validates and carries the seed defaults', () => {
  const { config, sources } = loadConfig({ env: {}, localFile: null });
  assert.equal(config.champion_challenger.champion_threshold, 0.05);
  assert.equal(config.champion_challenger.shadow_mode_duration, 14);
  assert.equal(config.champion_challenger.auto_promotion, true);
  assert.equal(config.serving.host, '127.0.0.1');
  assert.ok(sources['champion_challenger.champion_threshold'].endsWith('config.yaml'));
});

test('layers: config.yaml < environment < config.local.yaml, with the source of each value', () => {
  const dir = tempDir();
  const local = join(dir, 'config.local.yaml');
  writeFileSync(local, 'champion_challenger:\n  champion_threshold: 0.2\n');
  const { config, sources } = loadConfig({
    env: {
      PODIUM_CHAMPION_CHALLENGER_CHAMPION_THRESHOLD: '0.1',
      PODIUM_SERVING_PORT: '8100',
      PODIUM_WORKSPACE: '/x',
    },
    localFile: local,
  });
  assert.equal(config.champion_challenger.champion_threshold, 0.2);
  assert.equal(sources['champion_challenger.champion_threshold'], local);
  assert.equal(config.serving.port, 8100);
  assert.equal(sources['serving.port'], 'env:PODIUM_SERVING_PORT');
});

test('a misspelt key names the file, the key and the closest valid key', () => {
  const dir = tempDir();
  const local = join(dir, 'config.local.yaml');
  writeFileSync(local, 'champion_challenger:\n  champion_treshold: 0.2\n');
  expectConfigError(
    () => loadConfig({ env: {}, localFile: local }),
    local,
    'champion_challenger.champion_treshold',
    'did you mean champion_challenger.champion_threshold',
  );
});

test('a wrong type names the key, the layer and what was expected', () => {
  expectConfigError(
    () => loadConfig({ env: { PODIUM_SERVING_PORT: 'eighty' }, localFile: null }),
    'env:PODIUM_SERVING_PORT',
    'serving.port',
    'expected number',
  );
});

test('an unknown PODIUM_ variable is refused with a suggestion', () => {
  expectConfigError(
    () => loadConfig({ env: { PODIUM_SERVNG_PORT: '1' }, localFile: null }),
    'PODIUM_SERVNG_PORT',
    'PODIUM_SERVING_PORT',
  );
});

test('invalid YAML reports the file and line', () => {
  const dir = tempDir();
  const local = join(dir, 'config.local.yaml');
  writeFileSync(local, 'serving:\n  port: [1, 2\n');
  expectConfigError(() => loadConfig({ env: {}, localFile: local }), local, 'not valid YAML');
});

test('secrets are redacted in what is shown', () => {
  const { config } = loadConfig({
    env: { PODIUM_SERVING_AUTH_TOKEN: 'super-secret-token-value-123' },
    localFile: null,
  });
  assert.equal(config.serving.auth_token, 'super-secret-token-value-123');
  assert.ok(!JSON.stringify(redactConfig(config)).includes('super-secret'));
});
