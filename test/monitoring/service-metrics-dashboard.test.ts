import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { openDatabase } from '../../main/db/index.js';
import { createAppMetricsRegistry } from '../../main/monitoring/service-metrics/index.js';
import { Gateway } from '../../main/serving/gateway.js';
import { PredictionLog } from '../../main/serving/prediction-log.js';

/** Grafana's import placeholder for the chosen data source, literally. */
const DATASOURCE_INPUT = ['$', '{DS_PROMETHEUS}'].join('');
const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

type DashboardTarget = { expr: string; refId: string; datasource?: { uid?: string } };
type DashboardPanel = {
  id: number;
  type: string;
  title: string;
  datasource?: { uid?: string };
  targets?: DashboardTarget[];
};
type Dashboard = { __inputs: { name: string; pluginId: string }[]; panels: DashboardPanel[]; uid: string };

/** Names in `# TYPE` lines: metrics registered, whether or not they have samples yet. */
function typedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const match of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(match[1]);
    if (match[2] === 'histogram')
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(match[1] + suffix);
  }
  return names;
}

/**
 * Every metric name Podium exposes: the gateway's and the app's from live registries; the model
 * service's from its source (it needs a trained package to start), with its process metrics
 * produced by prom-client under the prefix that source uses.
 */
async function exposedNames(): Promise<Set<string>> {
  const db = openDatabase(':memory:');
  const gateway = new Gateway({ modelName: 'm', log: new PredictionLog(db, { now: () => new Date() }) });
  const names = typedNames(await gateway.registry.metrics());
  await gateway.close();
  db.close();
  for (const name of typedNames(await createAppMetricsRegistry().registry.metrics())) names.add(name);

  const source = read('main/serving/model-service.ts');
  const prefix = /collectDefaultMetrics\(\{[^}]*prefix: '([a-z_]+)'/.exec(source)?.[1];
  assert.ok(prefix, 'model-service.ts collects process metrics under a prefix');
  const processRegistry = new Registry();
  collectDefaultMetrics({ register: processRegistry, prefix });
  for (const name of typedNames(await processRegistry.metrics())) names.add(name);
  for (const match of source.matchAll(/(?:name|requests): '(podium_[a-z0-9_]+)'/g)) names.add(match[1]);
  const duration = /duration: '(podium_[a-z0-9_]+)'/.exec(source)?.[1];
  assert.ok(duration, 'model-service.ts records a duration histogram');
  for (const suffix of ['', '_bucket', '_sum', '_count']) names.add(duration + suffix);
  return names;
}

function loadDashboard(): Dashboard {
  return JSON.parse(read('config/grafana/podium-dashboard.json')) as Dashboard;
}

test('the Grafana dashboard imports with a Prometheus input and queries only metrics Podium exposes', async () => {
  const dashboard = loadDashboard();
  assert.deepEqual(
    dashboard.__inputs.map((input) => [input.name, input.pluginId]),
    [['DS_PROMETHEUS', 'prometheus']],
  );
  assert.ok(dashboard.uid);
  const names = await exposedNames();
  const panels = dashboard.panels.filter((panel) => panel.type !== 'row');
  assert.ok(panels.length >= 10, `${panels.length} panels`);
  assert.equal(
    new Set(dashboard.panels.map((p) => p.id)).size,
    dashboard.panels.length,
    'panel ids are unique',
  );

  const used = new Set<string>();
  for (const panel of panels) {
    assert.equal(panel.datasource?.uid, DATASOURCE_INPUT, `${panel.title}: datasource is the input`);
    assert.ok(panel.targets && panel.targets.length > 0, `${panel.title} has queries`);
    for (const target of panel.targets) {
      assert.equal(target.datasource?.uid, DATASOURCE_INPUT);
      const referenced = [...target.expr.matchAll(/\bpodium_[a-z0-9_]+/g)].map((m) => m[0]);
      assert.ok(referenced.length > 0, `${panel.title}: ${target.expr} names a Podium metric`);
      for (const name of referenced) {
        assert.ok(names.has(name), `${panel.title}: ${name} is not a metric Podium exposes`);
        used.add(name);
      }
      if (target.expr.includes('histogram_quantile')) {
        assert.match(target.expr, /_bucket\{/, `${panel.title}: quantiles come from buckets`);
        assert.match(target.expr, /by \([^)]*\ble\b[^)]*\)/, `${panel.title}: aggregation keeps le`);
      }
    }
  }
  // What the dashboard promises to show.
  for (const name of [
    'podium_gateway_requests_total',
    'podium_gateway_request_duration_seconds_bucket',
    'podium_gateway_mirrors_total',
    'podium_model_requests_total',
    'podium_model_request_duration_seconds_bucket',
    'podium_model_process_process_cpu_seconds_total',
    'podium_model_process_process_resident_memory_bytes',
    'podium_champion_version',
  ]) {
    assert.ok(used.has(name), `a panel shows ${name}`);
  }
});
