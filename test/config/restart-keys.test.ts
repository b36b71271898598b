import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { z } from 'zod';
import { configSchema, loadConfig, restartKeys, takeUpConfig } from '../../main/config/index.js';
import { environmentConfig } from '../../main/workspace/index.js';

const committed = () => loadConfig({ env: {}, localFile: null }).config;

test('every key that waits for a restart is a config key', () => {
  const known = Object.entries(configSchema.shape).flatMap(([section, schema]) =>
    Object.keys((schema as z.ZodObject).shape).map((key) => `${section}.${key}`),
  );
  for (const key of restartKeys()) assert.ok(known.includes(key), `${key} is not a config key`);
});

test('a threshold applies at once; a port keeps its running value and is named with why', () => {
  const running = committed();
  const saved = committed();
  saved.monitoring.psi_drift = 0.3;
  saved.serving.port = 9123;
  saved.serving.runtime = 'docker';
  const change = takeUpConfig(running, saved);
  assert.deepEqual(change.applied, ['monitoring.psi_drift']);
  assert.deepEqual(
    change.restartNeeded.map((r) => r.key),
    ['serving.port', 'serving.runtime'],
  );
  assert.ok(change.restartNeeded.every((r) => r.reason.length > 0));
  assert.equal(change.config.monitoring.psi_drift, 0.3);
  assert.equal(change.config.serving.port, 8000);
  assert.equal(change.config.serving.runtime, 'process');
  assert.equal(running.monitoring.psi_drift, 0.2, 'the running config is not changed in place');
});

test('nothing changed: nothing applied, no restart', () => {
  const change = takeUpConfig(committed(), committed());
  assert.deepEqual([change.applied, change.restartNeeded], [[], []]);
});

test("in prod, a saved prod port waits for a restart in prod's own serving section too", () => {
  const running = environmentConfig(committed(), 'prod');
  const saved = committed();
  saved.prod.serving_port = 8299;
  saved.prod.approvers = ['ana'];
  const change = takeUpConfig(running, environmentConfig(saved, 'prod'));
  assert.deepEqual(change.applied, ['prod.approvers']);
  assert.deepEqual(change.restartNeeded.map((r) => r.key).sort(), ['prod.serving_port', 'serving.port']);
  assert.equal(change.config.serving.port, 8200);
  assert.deepEqual(change.config.prod.approvers, ['ana']);
});
