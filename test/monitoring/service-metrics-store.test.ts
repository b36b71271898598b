import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type Db, openDatabase } from '../../main/db/index.js';
import {
  type Bucket,
  type MetricsTarget,
  NO_REQUEST_FIGURES,
  ServiceMetricsStore,
  type ServiceSample,
} from '../../main/monitoring/service-metrics/index.js';
import { fakeClock, tempDir } from '../helpers/workspace.js';

/** Only the database matters here: a fresh one with every migration applied. */
function tempDb(): { db: Db; cleanup(): void } {
  const dir = tempDir('podium-metrics-');
  const db = openDatabase(join(dir, 'podium.db'));
  return {
    db,
    cleanup: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const inf = Number.POSITIVE_INFINITY;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const MINUTE = 60_000;
const champion: MetricsTarget = { model: 'churn', source: 'service', version: 3, role: 'champion' };

function sample(target: MetricsTarget, atMs: number, overrides: Partial<ServiceSample> = {}): ServiceSample {
  const buckets: Bucket[] = [
    { upperBound: 0.01, count: 50 },
    { upperBound: 0.1, count: 90 },
    { upperBound: inf, count: 100 },
  ];
  return {
    target,
    atMs,
    intervalMs: 10_000,
    up: true,
    requests: 100,
    errors: 1,
    clientErrors: 2,
    modelErrors: 1,
    p50: 0.01,
    p95: 0.1,
    p99: 0.1,
    buckets,
    cpuPercent: Math.floor(atMs / 10_000) % 2 === 0 ? 10 : 20,
    memoryBytes: 100_000_000,
    ...overrides,
  };
}

/** Six samples a minute (every 10 s, at :05, :15, …) for `minutes` minutes from `startMs`. */
function samples(target: MetricsTarget, startMs: number, minutes: number): ServiceSample[] {
  return Array.from({ length: minutes * 6 }, (_, i) => sample(target, startMs + 5_000 + i * 10_000));
}

test('raw samples become one-minute aggregates, idempotently; minute series include the live minute', () => {
  const clock = fakeClock(new Date(T0));
  const database = tempDb();
  try {
    const store = new ServiceMetricsStore(database.db);
    store.record(samples(champion, T0, 3));
    store.record([sample(champion, T0 + 3 * MINUTE + 5_000)]);
    clock.set(new Date(T0 + 3 * MINUTE + 30_000));

    const first = store.compact(clock.now());
    assert.deepEqual(first, { aggregatedMinutes: 3, deletedSamples: 0, deletedMinutes: 0 });
    const stored = store.series('churn', 3, new Date(T0), clock.now(), 'minute');
    assert.deepEqual(store.compact(clock.now()), {
      aggregatedMinutes: 0,
      deletedSamples: 0,
      deletedMinutes: 0,
    });
    assert.deepEqual(
      store.series('churn', 3, new Date(T0), clock.now(), 'minute'),
      stored,
      'nothing changed',
    );

    assert.deepEqual(
      stored.map((p) => p.atMs),
      [T0, T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE],
      'three compacted minutes and the current one aggregated on the fly',
    );
    const minute = stored[0];
    assert.equal(minute.samples, 6);
    assert.equal(minute.requests, 600);
    assert.equal(minute.seconds, 60);
    assert.equal(minute.throughput, 10);
    assert.equal(minute.errorRate, 0.01);
    assert.equal(minute.clientErrors, 12, '4xx are kept apart through compaction');
    assert.equal(minute.clientErrorRate, 0.02);
    assert.equal(minute.cpuPercent, 15);
    assert.equal(minute.cpuPercentMax, 20);
    assert.equal(minute.memoryBytes, 100_000_000);
    assert.equal(minute.upShare, 1);
    assert.equal(stored[3].samples, 1);

    const raw = store.series('churn', 3, new Date(T0), clock.now(), 'raw');
    assert.equal(raw.length, 19);
    assert.equal(raw[0].throughput, 10);
    assert.equal(raw[0].errorRate, 0.01);
    assert.equal(raw[0].clientErrorRate, 0.02);
  } finally {
    database.cleanup();
  }
});

test('minute latency comes from the summed histogram, not from averaging quantiles', () => {
  const database = tempDb();
  try {
    const store = new ServiceMetricsStore(database.db);
    const fast: Bucket[] = [
      { upperBound: 0.1, count: 10 },
      { upperBound: 1, count: 10 },
      { upperBound: inf, count: 10 },
    ];
    const slow: Bucket[] = [
      { upperBound: 0.1, count: 0 },
      { upperBound: 1, count: 10 },
      { upperBound: inf, count: 10 },
    ];
    store.record([
      sample(champion, T0 + 10_000, { requests: 10, buckets: fast, p50: 0.05, p95: 0.095, p99: 0.099 }),
      sample(champion, T0 + 20_000, { requests: 10, buckets: slow, p50: 0.55, p95: 0.955, p99: 0.991 }),
    ]);
    store.compact(new Date(T0 + 2 * MINUTE));
    const [minute] = store.series('churn', 3, new Date(T0), new Date(T0 + MINUTE), 'minute');
    // Summed: 10 ≤ 0.1 s, 20 ≤ 1 s. p50 = rank 10 → top of the first bucket; p95 = rank 19 →
    // 9 of 10 into (0.1, 1] = 0.91. Averaging the two p95s would have said 0.525.
    assert.ok(Math.abs((minute.p50 ?? 0) - 0.1) < 1e-12);
    assert.ok(Math.abs((minute.p95 ?? 0) - 0.91) < 1e-12);
    assert.ok(Math.abs((minute.p99 ?? 0) - 0.982) < 1e-12);

    // When the layout changed inside a minute (a service upgrade), quantiles are request-weighted.
    store.record([
      sample(champion, T0 + MINUTE + 10_000, { requests: 30, p95: 0.2, buckets: fast }),
      sample(champion, T0 + MINUTE + 20_000, {
        requests: 10,
        p95: 0.6,
        buckets: [
          { upperBound: 0.5, count: 10 },
          { upperBound: inf, count: 10 },
        ],
      }),
    ]);
    store.compact(new Date(T0 + 3 * MINUTE));
    const [, changed] = store.series('churn', 3, new Date(T0), new Date(T0 + MINUTE), 'minute');
    assert.ok(Math.abs((changed.p95 ?? 0) - 0.3) < 1e-12);
  } finally {
    database.cleanup();
  }
});

test('retention: raw samples go after 24 h (aggregated first), minutes after 30 days', () => {
  const clock = fakeClock(new Date(T0));
  const database = tempDb();
  try {
    const store = new ServiceMetricsStore(database.db);
    const gateway: MetricsTarget = { model: 'churn', source: 'gateway' };
    store.record(samples(champion, T0, 2));
    store.record(samples(gateway, T0, 2));
    // A failed scrape: counted in availability, no request figures.
    store.record([sample(champion, T0 + 2 * MINUTE + 5_000, { up: false, ...NO_REQUEST_FIGURES })]);

    // Never compacted for a day: nothing may be lost, every minute is aggregated before deletion.
    clock.set(new Date(T0 + 24 * 60 * MINUTE + 3 * MINUTE));
    const result = store.compact(clock.now());
    assert.deepEqual(result, { aggregatedMinutes: 5, deletedSamples: 25, deletedMinutes: 0 });
    const range = [new Date(T0), clock.now()] as const;
    assert.deepEqual(store.series('churn', 3, ...range, 'raw'), []);
    const minutes = store.series('churn', 3, ...range, 'minute');
    assert.equal(minutes.length, 3);
    assert.equal(minutes[2].upShare, 0);
    assert.equal(minutes[2].requests, null);
    assert.equal(minutes[2].cpuPercent, 10, 'CPU is known even when the scrape failed');
    assert.equal(store.series('churn', 'gateway', ...range, 'minute').length, 2);
    assert.equal(store.series('churn', 4, ...range, 'minute').length, 0, 'another version');

    // Samples inside the last 24 h stay raw.
    store.record([sample(champion, clock.now().getTime() - MINUTE)]);
    store.compact(clock.now());
    assert.equal(store.series('churn', 3, ...range, 'raw').length, 1);

    clock.set(new Date(T0 + 30 * 24 * 60 * MINUTE + 2 * MINUTE + 1));
    const late = store.compact(clock.now());
    assert.equal(late.deletedMinutes, 5, 'every minute older than 30 days, of both targets');
    assert.equal(store.series('churn', 3, new Date(T0), new Date(T0 + 3 * MINUTE), 'minute').length, 0);
  } finally {
    database.cleanup();
  }
});

test('a sample arriving late for a compacted minute gets that minute recomputed', () => {
  const database = tempDb();
  try {
    const store = new ServiceMetricsStore(database.db);
    store.record(samples(champion, T0, 1));
    store.compact(new Date(T0 + 2 * MINUTE));
    store.record([sample(champion, T0 + 1_000)]);
    assert.equal(store.compact(new Date(T0 + 2 * MINUTE)).aggregatedMinutes, 1);
    const [minute] = store.series('churn', 3, new Date(T0), new Date(T0 + MINUTE), 'minute');
    assert.equal(minute.samples, 7);
    assert.equal(minute.requests, 700);
  } finally {
    database.cleanup();
  }
});
