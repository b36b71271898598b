import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import {
  type Bucket,
  histogramQuantile,
  intervalStats,
  MODEL_SERVICE_METRICS,
  ProcessCpuMeter,
  parseProcStat,
  parseProcStatusRss,
  parsePrometheusText,
  parsePsOutput,
  parsePsTime,
  readProcessTimes,
  toSnapshot,
} from '../../main/monitoring/service-metrics/index.js';

const inf = Number.POSITIVE_INFINITY;
const buckets = (...pairs: [number, number][]): Bucket[] =>
  pairs.map(([upperBound, count]) => ({ upperBound, count }));

test('histogram quantiles interpolate inside buckets exactly as Prometheus does', () => {
  // 50 observations: 10 ≤ 0.1 s, 20 in (0.1, 0.5], 10 in (0.5, 1], 10 above 1 s.
  const h = buckets([0.1, 10], [0.5, 30], [1, 40], [inf, 50]);
  const close = (actual: number, expected: number) =>
    assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);
  close(histogramQuantile(0, h), 0); // rank 0 lands in the first bucket, which starts at 0
  close(histogramQuantile(0.1, h), 0.05); // rank 5 of 10 in [0, 0.1]
  close(histogramQuantile(0.5, h), 0.4); // rank 25: 15 of 20 into (0.1, 0.5]
  close(histogramQuantile(0.7, h), 0.75); // rank 35: 5 of 10 into (0.5, 1]
  close(histogramQuantile(0.8, h), 1); // rank 40: the top of (0.5, 1]
  close(histogramQuantile(0.9, h), 1); // rank 45 is in +Inf: the highest finite bound
  // Order of the input does not matter.
  close(histogramQuantile(0.5, [...h].reverse()), 0.4);
});

test('histogram quantile edge cases follow Prometheus', () => {
  assert.ok(Number.isNaN(histogramQuantile(0.5, buckets([0.1, 0], [inf, 0]))), 'no observations');
  assert.ok(Number.isNaN(histogramQuantile(0.5, buckets([0.1, 3], [1, 5]))), 'no +Inf bucket');
  assert.ok(Number.isNaN(histogramQuantile(0.5, buckets([inf, 5]))), 'one bucket only');
  assert.equal(histogramQuantile(1.5, buckets([0.1, 1], [inf, 1])), inf);
  assert.equal(histogramQuantile(-1, buckets([0.1, 1], [inf, 1])), Number.NEGATIVE_INFINITY);
  // A torn scrape (a higher bucket lower than the one below) is raised to the running maximum.
  assert.equal(histogramQuantile(0.5, buckets([0.1, 10], [0.5, 8], [inf, 20])), 0.1);
  // A first bucket with a bound ≤ 0 is returned as is, not interpolated from 0.
  assert.equal(histogramQuantile(0.1, buckets([-1, 5], [0, 5], [inf, 10])), -1);
});

test('the Prometheus text parser reads labels with escapes, special values and skips comments', () => {
  const samples = parsePrometheusText(
    [
      '# HELP x_total A counter',
      '# TYPE x_total counter',
      'x_total{route="/predict",msg="a \\"quoted\\" \\\\ and\\nnewline"} 12 1700000000000',
      'y_bucket{le="+Inf"} +Inf',
      'z NaN',
      'w -Inf',
      '',
    ].join('\n'),
  );
  assert.deepEqual(samples[0], {
    name: 'x_total',
    labels: { route: '/predict', msg: 'a "quoted" \\ and\nnewline' },
    value: 12,
  });
  assert.equal(samples[1].value, inf);
  assert.ok(Number.isNaN(samples[2].value));
  assert.equal(samples[3].value, Number.NEGATIVE_INFINITY);
  assert.throws(
    () => parsePrometheusText('ok 1\nbroken{a="x" 2'),
    (error: Error & { code?: string }) => error.code === 'DATA_INVALID' && /line 2/.test(error.message),
  );
});

const labels = 'model="m",version="1",role="champion"';
function scrape(values: {
  ok: number;
  bad: number;
  metrics: number;
  client: number;
  server?: number;
  b: [number, number, number];
}): string {
  return [
    `podium_model_requests_total{route="/predict",status="200",${labels}} ${values.ok}`,
    `podium_model_requests_total{route="/predict",status="400",${labels}} ${values.bad}`,
    `podium_model_requests_total{route="/metrics",status="200",${labels}} ${values.metrics}`,
    `podium_model_errors_total{kind="client",${labels}} ${values.client}`,
    values.server === undefined ? '' : `podium_model_errors_total{kind="server",${labels}} ${values.server}`,
    `podium_model_request_duration_seconds_bucket{le="0.01",route="/predict",${labels}} ${values.b[0]}`,
    `podium_model_request_duration_seconds_bucket{le="0.1",route="/predict",${labels}} ${values.b[1]}`,
    `podium_model_request_duration_seconds_bucket{le="+Inf",route="/predict",${labels}} ${values.b[2]}`,
    // Scrapes are fast and many: they must not pull the latency of predictions down.
    `podium_model_request_duration_seconds_bucket{le="0.01",route="/metrics",${labels}} ${values.metrics}`,
    `podium_model_request_duration_seconds_bucket{le="0.1",route="/metrics",${labels}} ${values.metrics}`,
    `podium_model_request_duration_seconds_bucket{le="+Inf",route="/metrics",${labels}} ${values.metrics}`,
  ].join('\n');
}
const snap = (text: string) => toSnapshot(parsePrometheusText(text));

test('interval stats: prediction requests, 5xx and 4xx apart, model errors and latency from deltas', () => {
  const before = snap(scrape({ ok: 100, bad: 5, metrics: 50, client: 5, b: [90, 100, 105] }));
  const after = snap(scrape({ ok: 180, bad: 25, metrics: 51, client: 25, server: 2, b: [150, 190, 205] }));
  const stats = intervalStats(before, after, MODEL_SERVICE_METRICS);
  assert.equal(stats.requests, 100); // 80 ok + 20 bad; the /metrics scrape is not traffic
  assert.equal(stats.errors, 0, 'a 400 is the caller’s error, not the service’s');
  assert.equal(stats.clientErrors, 20);
  assert.equal(stats.modelErrors, 22); // a series that appeared counts whole
  assert.deepEqual(stats.buckets, buckets([0.01, 60], [0.1, 90], [inf, 100]));
  // Rank 50 of the interval's 100: 50 of the first bucket's 60 → 0.01 × 50/60.
  assert.ok(Math.abs((stats.p50 ?? 0) - 0.01 * (50 / 60)) < 1e-12);
  assert.equal(stats.p95, 0.1); // rank 95 > 90: in +Inf → highest finite bound
  assert.equal(stats.p99, 0.1);
});

test('interval stats treat a counter that went down as a restart, as Prometheus rate() does', () => {
  const before = snap(scrape({ ok: 1000, bad: 10, metrics: 500, client: 10, b: [900, 1000, 1010] }));
  const restarted = snap(scrape({ ok: 30, bad: 0, metrics: 2, client: 0, b: [20, 30, 30] }));
  const stats = intervalStats(before, restarted, MODEL_SERVICE_METRICS);
  assert.equal(stats.requests, 30);
  assert.equal(stats.errors, 0);
  assert.equal(stats.clientErrors, 0);
  assert.deepEqual(stats.buckets, buckets([0.01, 20], [0.1, 30], [inf, 30]));
  const idle = intervalStats(restarted, restarted, MODEL_SERVICE_METRICS);
  assert.equal(idle.requests, 0);
  assert.equal(idle.p50, null, 'no requests, no latency');
});

test('/proc parsing: utime+stime from stat (command names with spaces and parens), VmRSS from status', () => {
  const stat =
    '1234 (node (x) y) S 1 1234 1234 0 -1 4194560 5000 0 12 0 250 50 0 0 20 0 11 0 9000 1000000 2500';
  assert.equal(parseProcStat(stat, 100), 3);
  assert.equal(parseProcStat(stat, 250), 1.2);
  assert.equal(
    parseProcStatusRss('Name:\tnode\nVmPeak:\t 999 kB\nVmRSS:\t   123456 kB\nThreads: 11\n'),
    123456 * 1024,
  );
  assert.equal(parseProcStatusRss('Name:\tkthreadd\nThreads: 1\n'), null);
  assert.throws(() => parseProcStat('garbage', 100));
});

test('ps parsing (the fallback without /proc): procps and BSD time spellings', () => {
  assert.equal(parsePsTime('00:01:05'), 65);
  assert.equal(parsePsTime('1-02:03:04'), 93_784);
  assert.equal(parsePsTime('0:03.25'), 3.25);
  assert.deepEqual(parsePsOutput('  00:01:05  20480\n'), { cpuSeconds: 65, rssBytes: 20480 * 1024 });
  assert.equal(parsePsOutput(''), null);
});

test('cpu% is the CPU-time delta over the wall-time delta; the first reading is a baseline', async () => {
  const readings = [{ cpuSeconds: 10, rssBytes: 1000 }, { cpuSeconds: 11.5, rssBytes: 2000 }, null];
  const meter = new ProcessCpuMeter(async () => readings.shift() ?? null);
  assert.deepEqual(await meter.sample(42, 0), { cpuPercent: null, memoryBytes: 1000 });
  assert.deepEqual(await meter.sample(42, 10_000), { cpuPercent: 15, memoryBytes: 2000 });
  assert.deepEqual(await meter.sample(42, 20_000), { cpuPercent: null, memoryBytes: null }, 'process gone');
});

test('reading this very process from the OS agrees with Node’s own accounting', async () => {
  const start = performance.now();
  while (performance.now() - start < 150) Math.sqrt(Math.random());
  const times = await readProcessTimes(process.pid);
  const usage = process.cpuUsage();
  const nodeSeconds = (usage.user + usage.system) / 1e6;
  assert.ok(times, 'this process exists');
  assert.ok(Math.abs(times.cpuSeconds - nodeSeconds) < 0.5, `${times.cpuSeconds} vs ${nodeSeconds}`);
  assert.ok((times.rssBytes ?? 0) > 10 * 1024 * 1024, 'a Node process uses more than 10 MB');
  assert.equal(await readProcessTimes(2 ** 22 + 7), null, 'a pid that does not exist');
  if (existsSync('/usr/bin/ps') || existsSync('/bin/ps')) {
    const viaPs = parsePsOutput(
      execFileSync('ps', ['-o', 'time=,rss=', '-p', String(process.pid)], { encoding: 'utf8' }),
    );
    assert.ok(viaPs && viaPs.cpuSeconds <= nodeSeconds + 1 && (viaPs.rssBytes ?? 0) > 0);
  }
});
