import { defineOperation } from '../contract/define-operation.js';
import type { DomainHandlers, ServiceMetricsPoint } from '../contract/index.js';
import type { ServedModels } from '../serving/served-models.js';
import type { Workspace } from '../workspace/index.js';
import type { ServiceMetricsStore } from './service-metrics/index.js';

/** `services.metrics`: a service's sampled latency, throughput, errors, CPU and memory over time. */
export function serviceMetricsHandlers(context: {
  workspace: Workspace;
  serving: Pick<ServedModels, 'service'>;
  stores: { serviceMetrics: ServiceMetricsStore };
}): DomainHandlers<'services.metrics'> {
  const { workspace, serving } = context;
  const metrics = context.stores.serviceMetrics;
  return {
    'services.metrics': defineOperation('services.metrics', (input) => {
      const service = serving.service(input.serviceId);
      const resolution = input.resolution ?? 'raw';
      const to = workspace.clock.now();
      const from = new Date(to.getTime() - (input.sinceMinutes ?? 60) * 60_000);
      const points: ServiceMetricsPoint[] = metrics
        .series(service.model, service.version, from, to, resolution)
        .map((p) => ({
          at: new Date(p.atMs).toISOString(),
          throughput: p.throughput,
          requests: p.requests,
          errors: p.errors,
          errorRate: p.errorRate,
          clientErrors: p.clientErrors,
          clientErrorRate: p.clientErrorRate,
          p50Ms: p.p50 === null ? null : p.p50 * 1000,
          p95Ms: p.p95 === null ? null : p.p95 * 1000,
          p99Ms: p.p99 === null ? null : p.p99 * 1000,
          cpuPercent: p.cpuPercent,
          memoryBytes: p.memoryBytes,
          up: p.upShare > 0,
        }));
      return { serviceId: input.serviceId, resolution, points };
    }),
  };
}
