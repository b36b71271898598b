import assert from 'node:assert/strict';
import { test } from 'node:test';
import { request } from 'undici';
import { createAppMetricsRegistry, serveAppMetrics } from '../../main/monitoring/service-metrics/index.js';

test('the app exposes its lifecycle gauges on /metrics, on loopback', async () => {
  const metrics = createAppMetricsRegistry({ defaultLabels: { environment: 'dev' } });
  metrics.setChampionVersion('churn', 4);
  metrics.setChampionVersion('fraud', 2);
  metrics.setChampionVersion('fraud', null);
  metrics.setOpenAlerts(3);
  metrics.setShadowPairs('churn', 5, 1234);
  metrics.markCycle(new Date('2026-01-01T06:00:00Z'));

  const server = await serveAppMetrics(metrics.registry, { host: '127.0.0.1', port: 0 });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await request(`${server.url}/metrics`);
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['content-type']), /^text\/plain/);
    const text = await response.body.text();
    assert.match(text, /^podium_champion_version\{model="churn",environment="dev"\} 4$/m);
    assert.doesNotMatch(text, /model="fraud"/, 'a model without a champion has no series');
    assert.match(text, /^podium_open_alerts\{environment="dev"\} 3$/m);
    assert.match(text, /^podium_shadow_pairs\{model="churn",version="5",environment="dev"\} 1234$/m);
    assert.match(text, /^podium_last_cycle_timestamp_seconds\{environment="dev"\} 1767247200$/m);
    assert.match(text, /^podium_app_process_process_cpu_seconds_total/m);
    const other = await request(`${server.url}/predict`);
    await other.body.text();
    assert.equal(other.statusCode, 404, 'nothing but /metrics');
  } finally {
    await server.close();
  }
});

test('the metrics server refuses to listen beyond loopback', async () => {
  const metrics = createAppMetricsRegistry({ processMetrics: false });
  await assert.rejects(
    // A name that never resolves: were the check missing, listen would fail, not open a port.
    serveAppMetrics(metrics.registry, { host: 'podium-refusal.invalid', port: 0 }),
    (error: Error & { code?: string }) => error.code === 'CONFIG_INVALID' && /loopback/.test(error.message),
  );
});
