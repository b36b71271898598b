import type { ServiceSample } from '../../main/monitoring/service-metrics/index.js';

/**
 * Gateway scrapes of model `churn` as the sampler records them, stamped with the test's clock:
 * requests, 5xx and a latency histogram whose every request took `slowMs`.
 */
export function gatewaySamplesAt(clock: { now(): Date }) {
  return (requests: number, errors: number, slowMs = 20): ServiceSample => {
    const bound = slowMs / 1000;
    return {
      target: { model: 'churn', source: 'gateway' },
      atMs: clock.now().getTime(),
      intervalMs: 10_000,
      up: true,
      requests,
      errors,
      clientErrors: 0,
      modelErrors: 0,
      p50: bound,
      p95: bound,
      p99: bound,
      buckets: [
        { upperBound: bound, count: requests },
        { upperBound: Number.POSITIVE_INFINITY, count: requests },
      ],
      cpuPercent: 1,
      memoryBytes: 1,
    };
  };
}
