import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { Counter, Registry } from 'prom-client';
import { Pool } from 'undici';
import { openDatabase } from '../../main/db/index.js';
import {
  controllerSource,
  type MonitoredService,
  ServiceMetricsSampler,
  ServiceMetricsStore,
  type ServiceSample,
} from '../../main/monitoring/service-metrics/index.js';
import { Gateway } from '../../main/serving/gateway.js';
import { PredictionLog } from '../../main/serving/prediction-log.js';
import { recordRequestMetrics } from '../../main/serving/request-metrics.js';
import { fakeClock, tempDir } from '../helpers/workspace.js';

/**
 * A stand-in model service exposing the same metrics as the real one (the very same
 * recordRequestMetrics and error counter names), so the sampler reads what it reads in
 * production, over a real loopback socket. `{"bad": true}` is refused with 400.
 */
async function standInService(): Promise<{ app: FastifyInstance; url: string }> {
  const registry = new Registry();
  registry.setDefaultLabels({ model: 'churn', version: '1', role: 'champion' });
  const errors = new Counter({
    name: 'podium_model_errors_total',
    help: 'Requests that failed, by kind',
    labelNames: ['kind'],
    registers: [registry],
  });
  const app = Fastify({ logger: false });
  recordRequestMetrics(
    app,
    registry,
    { requests: 'podium_model_requests_total', duration: 'podium_model_request_duration_seconds' },
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
  );
  app.post('/predict', async (request, reply) => {
    if ((request.body as { bad?: boolean }).bad) {
      errors.inc({ kind: 'client' });
      return reply.code(400).send({ code: 'INVALID_INPUT', message: 'bad' });
    }
    return { prediction: 1 };
  });
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url };
}

const clock = fakeClock();
const dir = tempDir('podium-sampler-');
const db = openDatabase(join(dir, 'podium.db'));
const store = new ServiceMetricsStore(db);
let service: { app: FastifyInstance; url: string };
let gateway: Gateway;
let gatewayUrl: string;

before(async () => {
  service = await standInService();
  gateway = new Gateway({ modelName: 'churn', log: new PredictionLog(db, clock) });
  await gateway.setChampion(1, service.url);
  gatewayUrl = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
});

after(async () => {
  await gateway.close();
  await service.app.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function send(ok: number, bad: number): Promise<void> {
  const pool = new Pool(gatewayUrl, { connections: 4 });
  const bodies = [...Array(ok).fill('{"x": 1}'), ...Array(bad).fill('{"bad": true}')];
  await Promise.all(
    bodies.map(async (body) => {
      const response = await pool.request({
        path: '/predict',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await response.body.text();
    }),
  );
  await pool.close();
}

const byTarget = (samples: ServiceSample[], source: 'service' | 'gateway') =>
  samples.find((sample) => sample.target.source === source);

test('the sampler turns two scrapes of a service and its gateway into throughput, errors, latency and usage', async () => {
  const errors: string[] = [];
  const services: MonitoredService[] = [
    { model: 'churn', version: 1, role: 'champion', runtime: 'process', url: service.url, pid: process.pid },
  ];
  const sampler = new ServiceMetricsSampler({
    store,
    clock,
    services: () => services,
    gateways: () => [{ model: 'churn', metrics: () => gateway.registry.metrics() }],
    scrapeTimeoutMs: 1_000,
    onError: (_error, context) => errors.push(context.step),
  });

  assert.deepEqual(await sampler.sampleOnce(), [], 'the first round only sets baselines');
  await send(40, 10);
  // Some CPU in the watched process (this one), so its cpu% is visibly above zero.
  const spin = performance.now();
  while (performance.now() - spin < 100) Math.sqrt(Math.random());
  clock.advance(10_000);
  const second = await sampler.sampleOnce();

  const own = byTarget(second, 'service');
  assert.ok(own);
  assert.equal(own.up, true);
  assert.equal(own.intervalMs, 10_000);
  assert.equal(own.requests, 50, "the sampler's own scrapes of /metrics are not traffic");
  assert.equal(own.errors, 0, 'the 400s are client errors, not the service’s');
  assert.equal(own.clientErrors, 10);
  assert.equal(own.modelErrors, 10);
  assert.ok(own.p50 !== null && own.p50 > 0 && own.p50 <= (own.p99 ?? 0));
  assert.ok((own.cpuPercent ?? 0) > 0, `cpu ${own.cpuPercent}`);
  assert.ok((own.memoryBytes ?? 0) > 10 * 1024 * 1024);

  const front = byTarget(second, 'gateway');
  assert.ok(front);
  assert.equal(front.requests, 50);
  assert.equal(front.errors, 0);
  assert.equal(front.clientErrors, 10, 'the 400s pass through the gateway');
  assert.equal(front.modelErrors, null);
  assert.ok(front.p50 !== null && front.p50 > 0);

  const [point] = store.series('churn', 1, clock.now(), clock.now(), 'raw');
  assert.equal(point.throughput, 5);
  assert.equal(point.errorRate, 0);
  assert.equal(point.clientErrorRate, 0.2);
  assert.equal(store.series('churn', 'gateway', clock.now(), clock.now(), 'raw')[0].throughput, 5);

  // A Docker service reports through stats(); a service that stops answering is recorded as down.
  services.push({
    model: 'churn',
    version: 2,
    role: 'shadow',
    runtime: 'docker',
    url: 'http://127.0.0.1:9',
    stats: async () => ({ cpuPercent: 12.5, memoryBytes: 64 * 1024 * 1024 }),
  });
  clock.advance(10_000);
  const third = await sampler.sampleOnce();
  assert.ok(errors.includes('scrape'), 'the unreachable service is reported, not thrown');
  const docker = third.find((s) => s.target.source === 'service' && s.target.version === 2);
  assert.ok(docker);
  assert.equal(docker.up, false);
  assert.equal(docker.requests, null);
  assert.equal(docker.cpuPercent, 12.5);
  assert.equal(docker.memoryBytes, 64 * 1024 * 1024);
  const idle = third.find((s) => s.target.source === 'service' && s.target.version === 1);
  assert.equal(idle?.requests, 0);
  assert.equal(idle?.p50, null);

  assert.equal(sampler.latest().length, 3);
  services.splice(1);
  clock.advance(10_000);
  await sampler.sampleOnce();
  assert.equal(sampler.latest().length, 2, 'a stopped service leaves the live view');
  await sampler.stop();
});

test('start() samples on its interval until stop()', async () => {
  const sampler = new ServiceMetricsSampler({
    store,
    clock,
    services: () => [{ model: 'churn', version: 1, role: 'champion', runtime: 'process', url: service.url }],
    intervalSeconds: 0.05,
  });
  const before = store.series('churn', 1, new Date(0), new Date(8.64e15), 'raw').length;
  sampler.start();
  for (let i = 0; i < 6; i++) {
    await new Promise((resolve) => setTimeout(resolve, 60));
    clock.advance(1_000);
  }
  await sampler.stop();
  const after = store.series('churn', 1, new Date(0), new Date(8.64e15), 'raw').length;
  assert.ok(after - before >= 2, `recorded ${after - before} samples`);
  assert.throws(
    () => new ServiceMetricsSampler({ store, clock, services: () => [], intervalSeconds: 0 }),
    (error: Error & { code?: string }) => error.code === 'CONFIG_INVALID',
  );
});

test('a round that throws is reported and sampling goes on', async () => {
  const steps: string[] = [];
  let calls = 0;
  const sampler = new ServiceMetricsSampler({
    store,
    clock,
    services: () => {
      calls++;
      throw new Error('the service list is unavailable');
    },
    intervalSeconds: 0.02,
    onError: (_error, context) => steps.push(context.step),
  });
  sampler.start();
  await new Promise((resolve) => setTimeout(resolve, 100));
  await sampler.stop();
  assert.ok(calls >= 2, `${calls} rounds`);
  assert.ok(steps.every((step) => step === 'round') && steps.length === calls);
});

test('a serving controller is read by shape: pid from process handles, stats() from Docker ones', async () => {
  class ProcessHandle {
    readonly runtime = 'process' as const;
    readonly url = 'http://127.0.0.1:1';
    get pid(): number {
      return 4242;
    }
  }
  class DockerHandle {
    readonly runtime = 'docker' as const;
    readonly url = 'http://127.0.0.1:2';
    private readonly memory = 5;
    async stats() {
      return { cpuPercent: 1, memoryBytes: this.memory };
    }
  }
  const source = controllerSource('churn', {
    gateway: { metrics: async () => 'podium_gateway_requests_total 1' },
    services: () => [
      { version: 1, role: 'champion', handle: new ProcessHandle() },
      { version: 2, role: 'shadow', handle: new DockerHandle() },
    ],
  });
  const [processService, dockerService] = source.services();
  assert.deepEqual(processService, {
    model: 'churn',
    version: 1,
    role: 'champion',
    runtime: 'process',
    url: 'http://127.0.0.1:1',
    pid: 4242,
  });
  assert.equal(dockerService.pid, undefined);
  assert.deepEqual(await dockerService.stats?.(), { cpuPercent: 1, memoryBytes: 5 }, 'stats keeps its this');
  const [front] = source.gateways();
  assert.equal(front.model, 'churn');
  assert.equal(await front.metrics(), 'podium_gateway_requests_total 1');
});
