import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { after, before, test } from 'node:test';
import { Pool, request } from 'undici';
import { openDatabase } from '../../main/db/index.js';
import {
  type Bucket,
  histogramQuantile,
  parsePrometheusText,
} from '../../main/monitoring/service-metrics/index.js';
import { Gateway } from '../../main/serving/gateway.js';
import { PredictionLog } from '../../main/serving/prediction-log.js';
import { fakeClock, tempDir } from '../helpers/workspace.js';

/**
 * The real Prometheus (Debian's package) scrapes a real gateway over loopback: proves the
 * exposition is what Prometheus reads, that rate() sees traffic, that Podium's quantile math
 * gives Prometheus's answer, and that every query in the Grafana dashboard parses.
 */
const skip = process.env.PODIUM_SKIP_PROMETHEUS === '1' ? 'PODIUM_SKIP_PROMETHEUS=1' : false;

function findPrometheus(): string | null {
  const candidates = process.env.PODIUM_PROMETHEUS_BIN
    ? [process.env.PODIUM_PROMETHEUS_BIN]
    : [
        ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'prometheus')),
        '/usr/bin/prometheus',
      ];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const dir = tempDir('podium-prometheus-');
const db = openDatabase(join(dir, 'podium.db'));
let champion: Server;
let gateway: Gateway;
let gatewayPort: number;
let prometheus: ChildProcess | null = null;
let prometheusUrl: string;
let prometheusLog = '';
let sent = 0;

before(async () => {
  if (skip) return;
  champion = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"prediction":"1"}');
    });
  });
  await new Promise<void>((resolve) => champion.listen(0, '127.0.0.1', resolve));
  gateway = new Gateway({ modelName: 'churn', log: new PredictionLog(db, fakeClock()) });
  await gateway.setChampion(1, `http://127.0.0.1:${(champion.address() as AddressInfo).port}`);
  const gatewayUrl = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  gatewayPort = Number(new URL(gatewayUrl).port);
});

after(async () => {
  if (prometheus && prometheus.exitCode === null && prometheus.pid !== undefined) {
    const child = prometheus;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(child.pid!, 'SIGTERM');
    const killed = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
    if (!killed && child.exitCode === null) process.kill(child.pid!, 'SIGKILL');
  }
  await gateway?.close();
  champion?.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function query(
  promql: string,
): Promise<{ status: string; data?: { result: { value: [number, string] }[] }; error?: string }> {
  const response = await request(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
  return (await response.body.json()) as Awaited<ReturnType<typeof query>>;
}

async function scalar(promql: string): Promise<number | null> {
  const answer = await query(promql);
  assert.equal(answer.status, 'success', `${promql}: ${answer.error}`);
  const value = answer.data?.result[0]?.value[1];
  return value === undefined ? null : Number(value);
}

/** Polls until `check` holds, or fails with what was last seen and Prometheus's log. */
async function eventually<T>(
  what: string,
  read: () => Promise<T>,
  check: (value: T) => boolean,
  ms = 15_000,
) {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (check(last)) return last;
    await sleep(250);
  }
  assert.fail(
    `${what}: last saw ${JSON.stringify(last)}\n--- prometheus log ---\n${prometheusLog.slice(-3_000)}`,
  );
}

test('a real Prometheus scrapes the gateway and sees its request rate and latency histogram', {
  skip,
  timeout: 60_000,
}, async () => {
  const binary = findPrometheus();
  assert.ok(
    binary,
    'Prometheus is not installed: this test runs the real one. Install it (Debian: apt-get install prometheus) ' +
      'or point PODIUM_PROMETHEUS_BIN at the binary; set PODIUM_SKIP_PROMETHEUS=1 to skip it.',
  );
  const port = await freePort();
  prometheusUrl = `http://127.0.0.1:${port}`;
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1s',
      '  scrape_timeout: 1s',
      '  evaluation_interval: 1s',
      'scrape_configs:',
      '  - job_name: podium-gateway',
      '    metrics_path: /metrics',
      '    static_configs:',
      `      - targets: ['127.0.0.1:${gatewayPort}']`,
      '',
    ].join('\n'),
  );
  // Loopback only: the web/API address is the one listener Prometheus opens; the external URL
  // keeps generated links local. It scrapes only the target above and never calls home.
  prometheus = spawn(
    binary,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'tsdb')}`,
      '--storage.tsdb.retention.time=1h',
      `--web.listen-address=127.0.0.1:${port}`,
      `--web.external-url=${prometheusUrl}/`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  prometheus.stderr?.on('data', (chunk: Buffer) => {
    prometheusLog = (prometheusLog + chunk.toString()).slice(-20_000);
  });
  const started = Date.now();
  await eventually(
    'Prometheus became ready',
    async () => {
      if (prometheus?.exitCode !== null) return `exited with ${prometheus?.exitCode}`;
      return request(`${prometheusUrl}/-/ready`)
        .then(async (r) => {
          await r.body.text();
          return r.statusCode;
        })
        .catch((error: Error) => error.message);
    },
    (status) => status === 200 || (typeof status === 'string' && status.startsWith('exited')),
  ).then((status) => assert.equal(status, 200, `Prometheus did not start:\n${prometheusLog}`));

  // Traffic only once Prometheus has scraped the gateway, so its samples span the traffic.
  await eventually(
    'the gateway scraped',
    () => scalar('up{job="podium-gateway"}'),
    (value) => value === 1,
  );

  // Traffic for 4 s, a few requests at a time.
  const pool = new Pool(`http://127.0.0.1:${gatewayPort}`, { connections: 4 });
  const until = Date.now() + 4_000;
  while (Date.now() < until) {
    const statuses = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const response = await pool.request({
          path: '/predict',
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"x": 1}',
        });
        await response.body.text();
        return response.statusCode;
      }),
    );
    sent += statuses.filter((status) => status === 200).length;
    await sleep(20);
  }
  await pool.close();
  assert.ok(sent > 0);

  // Ten 1-second scrapes: rate() has enough points while the traffic is still in range.
  const rate = await eventually(
    'a positive request rate',
    () => scalar('sum(rate(podium_gateway_requests_total{route="/predict"}[10s]))'),
    (value) => value !== null && value > 0,
  );
  assert.ok(rate !== null && rate > 0);
  await eventually(
    'every request counted once a scrape follows the traffic',
    () => scalar('sum(podium_gateway_requests_total{route="/predict",status="200"})'),
    (value) => value === sent,
  );

  // Same buckets on both sides now that traffic stopped: Podium's interpolation must equal Prometheus's.
  const exposition = parsePrometheusText(await gateway.registry.metrics());
  const buckets: Bucket[] = exposition
    .filter(
      (s) => s.name === 'podium_gateway_request_duration_seconds_bucket' && s.labels.route === '/predict',
    )
    .map((s) => ({
      upperBound: s.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(s.labels.le),
      count: s.value,
    }));
  for (const q of [0.5, 0.9, 0.95, 0.99]) {
    const theirs = await scalar(
      `histogram_quantile(${q}, sum by (le) (podium_gateway_request_duration_seconds_bucket{route="/predict"}))`,
    );
    const ours = histogramQuantile(q, buckets);
    assert.ok(
      theirs !== null && Math.abs(theirs - ours) <= 1e-9 * Math.max(1, theirs),
      `q=${q}: Prometheus ${theirs}, Podium ${ours}`,
    );
  }

  // Every dashboard query is valid PromQL to this Prometheus.
  const dashboard = JSON.parse(
    readFileSync(new URL('../../../config/grafana/podium-dashboard.json', import.meta.url), 'utf8'),
  ) as { panels: { title: string; targets?: { expr: string }[] }[] };
  for (const panel of dashboard.panels) {
    for (const target of panel.targets ?? []) {
      const expr = target.expr.replaceAll('$__rate_interval', '10s').replaceAll('$model', '.*');
      const answer = await query(expr);
      assert.equal(answer.status, 'success', `${panel.title}: ${expr}: ${answer.error}`);
    }
  }
  const gatewayPanel = dashboard.panels.find((p) => p.title === 'Gateway request rate by status');
  const byStatus = await query(
    gatewayPanel!.targets![0].expr.replaceAll('$__rate_interval', '30s').replaceAll('$model', '.*'),
  );
  assert.ok((byStatus.data?.result.length ?? 0) > 0, 'the dashboard query finds the gateway traffic');
  assert.ok(Date.now() - started < 45_000);
});
