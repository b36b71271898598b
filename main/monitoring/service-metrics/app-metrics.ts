import Fastify from 'fastify';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { LOOPBACK_HOSTS } from '../../common/loopback.js';
import { PodiumError } from '../../contract/errors.js';

export type AppMetrics = {
  readonly registry: Registry;
  /** null removes the model's series (no champion any more). */
  setChampionVersion(model: string, version: number | null): void;
  setOpenAlerts(count: number): void;
  /** Paired champion/shadow predictions logged for a running shadow test; null ends the series. */
  setShadowPairs(model: string, version: number, pairs: number | null): void;
  /** When the last scheduled cycle finished. */
  markCycle(at: Date): void;
};

export type AppMetricsOptions = {
  /** Node process metrics of the app itself, as podium_app_process_* (default true). */
  processMetrics?: boolean;
  /** Labels on every series, e.g. {environment: 'prod'}. */
  defaultLabels?: Record<string, string>;
};

/**
 * The app's own Prometheus exposition: lifecycle state that no model service or gateway knows
 * (who is champion, how far shadow tests are, open alerts, when the scheduler last ran). Its
 * own registry, so tests and two workspaces in one process never share gauges.
 */
export function createAppMetricsRegistry(options: AppMetricsOptions = {}): AppMetrics {
  const registry = new Registry();
  if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
  if (options.processMetrics ?? true)
    collectDefaultMetrics({ register: registry, prefix: 'podium_app_process_' });
  const champion = new Gauge({
    name: 'podium_champion_version',
    help: 'Registry version currently serving as champion, by model',
    labelNames: ['model'],
    registers: [registry],
  });
  const openAlerts = new Gauge({
    name: 'podium_open_alerts',
    help: 'Alerts raised and not yet resolved',
    registers: [registry],
  });
  const shadowPairs = new Gauge({
    name: 'podium_shadow_pairs',
    help: 'Paired champion/shadow predictions logged for a running shadow test',
    labelNames: ['model', 'version'],
    registers: [registry],
  });
  const lastCycle = new Gauge({
    name: 'podium_last_cycle_timestamp_seconds',
    help: 'Unix time the last scheduled cycle finished',
    registers: [registry],
  });
  return {
    registry,
    setChampionVersion(model, version) {
      if (version === null) champion.remove({ model });
      else champion.set({ model }, version);
    },
    setOpenAlerts(count) {
      openAlerts.set(count);
    },
    setShadowPairs(model, version, pairs) {
      const labels = { model, version: String(version) };
      if (pairs === null) shadowPairs.remove(labels);
      else shadowPairs.set(labels, pairs);
    },
    markCycle(at) {
      lastCycle.set(at.getTime() / 1000);
    },
  };
}

export type AppMetricsServer = { url: string; port: number; close(): Promise<void> };

/**
 * A tiny HTTP server with only GET /metrics, for Prometheus to scrape the app. Loopback only:
 * metrics name models and versions, which is nobody else's business on the network.
 */
export async function serveAppMetrics(
  registry: Registry,
  options: { host?: string; port: number },
): Promise<AppMetricsServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new PodiumError(
      'CONFIG_INVALID',
      `The metrics server binds loopback only (127.0.0.1 or ::1); got host ${host}`,
      { field: 'host' },
    );
  }
  const app = Fastify({ logger: false });
  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  await app.listen({ host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shown}:${port}`, port, close: () => app.close() };
}
