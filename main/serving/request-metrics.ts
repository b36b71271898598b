import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * Requests by route and status, and a latency histogram by route, recorded on every response.
 * Label children are resolved once per route and status: prom-client hashes the label set on
 * every inc/observe otherwise, which shows at tens of thousands of requests per second.
 */
export function recordRequestMetrics(
  app: FastifyInstance,
  registry: Registry,
  names: { requests: string; duration: string },
  buckets: number[],
): void {
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
  const counters = new Map<string, ReturnType<typeof requests.labels>>();
  const histograms = new Map<string, ReturnType<typeof duration.labels>>();
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unknown';
    const key = `${route} ${reply.statusCode}`;
    let counter = counters.get(key);
    if (!counter) {
      counter = requests.labels({ route, status: String(reply.statusCode) });
      counters.set(key, counter);
    }
    counter.inc();
    let histogram = histograms.get(route);
    if (!histogram) {
      histogram = duration.labels({ route });
      histograms.set(route, histogram);
    }
    histogram.observe(reply.elapsedTime / 1000);
    done();
  });
}
