import type { MonitoredGateway, MonitoredService } from './types.js';

type ServiceHandleView = {
  readonly runtime: 'process' | 'docker';
  readonly url: string;
};

/**
 * The part of a serving controller the sampler reads, typed by shape so monitoring does not
 * reach into the serving room's private files.
 */
export type ServingControllerView = {
  /** The gateway's Prometheus exposition, read from its process. */
  readonly gateway: { metrics(): Promise<string> };
  services(): readonly { version: number; role: 'champion' | 'shadow'; handle: ServiceHandleView }[];
};

type UsageSources = {
  pid?: unknown;
  stats?: unknown;
};

/**
 * Sampler inputs for one model's serving controller. Child-process handles expose `pid` and
 * Docker handles `stats()`; neither is on the common handle type, so both are found by shape.
 */
export function controllerSource(
  model: string,
  controller: ServingControllerView,
): { services(): MonitoredService[]; gateways(): MonitoredGateway[] } {
  return {
    services: () =>
      controller.services().map(({ version, role, handle }) => {
        const extra = handle as ServiceHandleView & UsageSources;
        const service: MonitoredService = { model, version, role, runtime: handle.runtime, url: handle.url };
        if (typeof extra.pid === 'number') service.pid = extra.pid;
        if (typeof extra.stats === 'function') {
          const stats = extra.stats as () => Promise<{ cpuPercent: number; memoryBytes: number }>;
          service.stats = () => stats.call(handle);
        }
        return service;
      }),
    gateways: () => [{ model, metrics: () => controller.gateway.metrics() }],
  };
}
