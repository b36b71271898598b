import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';

/** Records one answered request: its route, status and time to answer in seconds. */
export type RequestRecorder = (route: string, status: number, seconds: number) => void;

/**
 * Requests by route and status, and a latency histogram by route, recorded on every response
 * Fastify sends; the returned recorder is for answers sent outside Fastify (the gateway's hot
 * path), so both kinds land in the same series. With `names.errors`, failed answers are also
 * counted by route and kind: `client` (4xx, a request refused) apart from `server` (5xx).
 * Label children are resolved once per route and status: prom-client hashes the label set on
 * every inc/observe otherwise, which shows at tens of thousands of requests per second.
 */
export function recordRequestMetrics(
  app: FastifyInstance,
  registry: Registry,
  names: { requests: string; duration: string; errors?: string },
  buckets: number[],
): RequestRecorder {
  const requests = new Counter({
    name: names.requests,
    help: 'Requests answered, by route and status',
    labelNames: ['route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: names.duration,
    help: 'Time to answer a request, in seconds',
    labelNames: ['route'],
    buckets,
    registers: [registry],
  });
  const errors =
    names.errors === undefined
      ? null
      : new Counter({
          name: names.errors,
          help: 'Failed answers by route and kind: client (4xx, refused requests) or server (5xx)',
          labelNames: ['route', 'kind'],
          registers: [registry],
        });
  const counters = new Map<string, ReturnType<typeof requests.labels>>();
  const histograms = new Map<string, ReturnType<typeof duration.labels>>();
  const record: RequestRecorder = (route, status, seconds) => {
    const key = `${route} ${status}`;
    let counter = counters.get(key);
    if (!counter) {
      counter = requests.labels({ route, status: String(status) });
      counters.set(key, counter);
    }
    counter.inc();
    if (errors !== null && status >= 400) {
      errors.inc({ route, kind: status >= 500 ? 'server' : 'client' });
    }
    let histogram = histograms.get(route);
    if (!histogram) {
      histogram = duration.labels({ route });
      histograms.set(route, histogram);
    }
    histogram.observe(seconds);
  };
  app.addHook('onResponse', (request, reply, done) => {
    record(request.routeOptions.url ?? 'unknown', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  return record;
}
