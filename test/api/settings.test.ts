import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type ApiFixture, apiFixture } from './api-fixture.js';

const TOKEN = 'tok-ui-secret-9f8e7d6c5b4a';
const WEBHOOK = 'https://hooks.example.test/podium/very-secret-path';

describe('settings operations', () => {
  let fixture: ApiFixture;
  before(() => {
    fixture = apiFixture({ env: { PODIUM_SERVING_AUTH_TOKEN: TOKEN, PODIUM_ALERTS_WEBHOOK_URL: WEBHOOK } });
  });
  after(async () => {
    await fixture.cleanup();
  });

  it('shows the config with secrets redacted and the layer each value came from', async () => {
    const view = await fixture.client.send('settings.config', {});
    const text = JSON.stringify(view);
    assert.ok(!text.includes(TOKEN), 'the token must never leave the main process');
    assert.ok(!text.includes('very-secret-path'), 'nor the webhook URL');
    const token = view.entries.find((e) => e.key === 'serving.auth_token');
    assert.deepEqual(
      { value: token?.value, secret: token?.secret, layer: token?.layer, source: token?.source },
      { value: '***', secret: true, layer: 'env', source: 'env:PODIUM_SERVING_AUTH_TOKEN' },
    );
    const threshold = view.entries.find((e) => e.key === 'champion_challenger.champion_threshold');
    assert.equal(threshold?.layer, 'base');
    assert.equal(typeof threshold?.value, 'number');
  });

  it('validates YAML and names the key at fault', async () => {
    const good = await fixture.client.send('settings.validate', {
      yaml: 'champion_challenger:\n  champion_threshold: 0.05\n',
    });
    assert.deepEqual(good, { valid: true, issues: [] });
    const bad = await fixture.client.send('settings.validate', {
      yaml: 'champion_challenger:\n  champion_treshold: 0.05\n',
    });
    assert.equal(bad.valid, false);
    assert.match(bad.issues[0].message, /champion_treshold.*did you mean.*champion_threshold/);
    const broken = await fixture.client.send('settings.validate', { yaml: 'training: [unclosed\n' });
    assert.equal(broken.valid, false);
  });

  it('saves a valid local config, and refuses a secret typed into the app', async () => {
    const saved = await fixture.client.send('settings.save', {
      yaml: 'champion_challenger:\n  champion_threshold: 0.04\n',
    });
    assert.match(readFileSync(saved.file, 'utf8'), /champion_threshold: 0.04/);
    assert.deepEqual(saved.keys, ['champion_challenger.champion_threshold']);

    const secret = await fixture.client.sendCatch('settings.save', {
      yaml: `serving:\n  auth_token: ${TOKEN}\n`,
    });
    assert.equal(secret.error?.code, 'CONFIG_INVALID');
    assert.match(secret.error?.message ?? '', /serving\.auth_token is a secret.*PODIUM_SERVING_AUTH_TOKEN/);
    assert.ok(!JSON.stringify(secret).includes(TOKEN));
    assert.doesNotMatch(readFileSync(saved.file, 'utf8'), /auth_token/, 'nothing written on refusal');

    const invalid = await fixture.client.sendCatch('settings.save', {
      yaml: 'champion_challenger:\n  champion_threshold: lots\n',
    });
    assert.equal(invalid.error?.code, 'CONFIG_INVALID');
    assert.match(readFileSync(saved.file, 'utf8'), /champion_threshold: 0.04/, 'the previous file is kept');
  });

  it('reports environment and diagnostics', async () => {
    const environment = await fixture.client.send('environment.get', {});
    assert.equal(environment.environment, 'dev');
    assert.equal(environment.workspace, fixture.workspace.paths.root);
    const { checks } = await fixture.client.send('settings.diagnostics', {});
    assert.deepEqual(checks.map((c) => c.name).slice(0, 2), ['tfjs backend', 'Docker engine']);
    assert.equal(checks[0].status, 'ok');
  });
});
