import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Alert, ServiceStatus } from '../../main/contract/index.js';
import { formatDuration } from '../../renderer/format.js';
import { createAlertsStore, openCount, upsertAlert } from '../../renderer/store/alerts-store.js';
import { createJobsStore } from '../../renderer/store/jobs-store.js';
import { anyRunning, createServicesStore, serviceTone } from '../../renderer/store/services-store.js';
import { standInClient } from './stand-in-client.js';

function service(state: string, desiredState: ServiceStatus['desiredState']): ServiceStatus {
  return {
    serviceId: 'sales:1',
    model: 'sales',
    version: 1,
    role: 'champion',
    runtime: 'process',
    desiredState,
    state,
    url: null,
    restarts: 0,
    logFile: null,
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

test('service states colour as up, on the way, deliberately stopped, or in trouble', () => {
  assert.equal(serviceTone(service('healthy', 'running')), 'ok');
  assert.equal(serviceTone(service('running', 'running')), 'ok');
  assert.equal(serviceTone(service('starting', 'running')), 'info');
  assert.equal(serviceTone(service('stopped', 'stopped')), 'neutral');
  assert.equal(serviceTone(service('stopped', 'running')), 'bad');
  assert.equal(serviceTone(service('unhealthy', 'running')), 'bad');
});

function alert(id: number, status: Alert['status'], count = 1): Alert {
  return {
    id,
    rule: 'dataset_drift',
    severity: 'warning',
    modelName: 'sales',
    title: `alert ${id}`,
    message: 'Fuel_Price drifted',
    evidence: { driftedFeatures: ['Fuel_Price'], checkedFeatures: 4 },
    dedupKey: 'drift:sales',
    status,
    count,
    createdAt: '2026-01-01T00:00:00.000Z',
    lastSeenAt: '2026-01-01T00:00:00.000Z',
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    resolvedBy: null,
    delivery: { status: 'none', attempts: 0, lastStatus: null, lastError: null, deliveredAt: null },
  };
}

test('a raised alert goes on top, a repeated one is replaced in place', () => {
  const list = [alert(2, 'open'), alert(1, 'acknowledged')];
  assert.deepEqual(
    upsertAlert(list, alert(3, 'open')).map((a) => a.id),
    [3, 2, 1],
  );
  const repeated = upsertAlert(list, alert(2, 'open', 5));
  assert.deepEqual(
    repeated.map((a) => [a.id, a.count]),
    [
      [2, 5],
      [1, 1],
    ],
  );
  assert.equal(openCount(repeated), 1);
});

test('alerts raised while the view is open appear; acknowledging updates the row', async () => {
  const stand = standInClient({
    'alerts.list': () => [alert(1, 'open')],
    'alerts.acknowledge': ({ id }) => ({ ...alert(id, 'acknowledged'), acknowledgedBy: 'ui' }),
  });
  const store = createAlertsStore(stand.client);
  store.getState().attach();
  await store.getState().load();
  stand.emit('alert.raised', { alert: alert(2, 'open') });
  assert.equal(openCount(store.getState().alerts.data ?? []), 2);
  await store.getState().acknowledge(1);
  assert.deepEqual(
    store.getState().alerts.data?.map((a) => [a.id, a.status]),
    [
      [2, 'open'],
      [1, 'acknowledged'],
    ],
  );
});

test('durations print whole units and never round up to a full next unit', () => {
  assert.equal(formatDuration(14 * 86400 - 60), '13 d 23 h');
  assert.equal(formatDuration(3599.9), '59 min 59 s');
  assert.equal(formatDuration(5.25), '5.3 s');
  assert.equal(formatDuration(null), '—');
});

test('stopping is offered only while something runs or is meant to', () => {
  assert.equal(anyRunning([]), false);
  assert.equal(anyRunning([service('stopped', 'stopped'), service('failed', 'stopped')]), false);
  assert.equal(anyRunning([service('stopped', 'stopped'), service('running', 'running')]), true);
  assert.equal(anyRunning([service('starting', 'running')]), true);
  // Crashed but still wanted: stopping is how to give up on it.
  assert.equal(anyRunning([service('failed', 'running')]), true);
});

test('Start services passes the gateway port chosen in the view, and a start that fails shows its error', async () => {
  const message =
    "The gateway for sales cannot listen on 127.0.0.1:8000: another Podium gateway holds it (serving sales, champion v1), most likely another workspace's. Choose another port: `podium serve --port N`, serving.port in config.local.yaml, or the Gateway port field in the UI's Services view.";
  const { client, calls } = standInClient({
    'services.start': (input) =>
      input.gatewayPort === 8000
        ? { code: 'CONFLICT', message, details: { field: 'port', port: 8000 } }
        : {
            gateways: [
              {
                model: 'sales',
                url: `http://127.0.0.1:${input.gatewayPort}`,
                running: true,
                runtime: 'process',
              },
            ],
            services: [],
          },
  });
  const services = createServicesStore(client, createJobsStore(client));

  await services.getState().start('process', 'sales', 8000);
  assert.deepEqual(calls.at(-1), {
    name: 'services.start',
    input: { runtime: 'process', model: 'sales', gatewayPort: 8000 },
  });
  assert.equal(services.getState().actionError?.code, 'CONFLICT');
  assert.equal(services.getState().actionError?.message, message);
  assert.equal(services.getState().pending, null);

  await services.getState().start('process', 'sales', 8010);
  assert.equal(services.getState().actionError, null);
  assert.equal(services.getState().overview.data?.gateways[0].url, 'http://127.0.0.1:8010');

  await services.getState().start('process');
  assert.deepEqual(calls.filter((c) => c.name === 'services.start').at(-1)?.input, { runtime: 'process' });
});
