import type { VersionStore } from '../registry/index.js';
import type { ServingController } from '../serving/serving-controller.js';
import type { Workspace } from '../workspace/index.js';
import type { AlertService, NewAlert } from './alerts/index.js';
import {
  controllerSource,
  createAppMetricsRegistry,
  ServiceMetricsSampler,
  type ServiceMetricsStore,
  type ServiceSample,
  serveAppMetrics,
} from './service-metrics/index.js';

/** A service below this many requests in an interval has too little traffic to judge an error rate. */
const MIN_REQUESTS_FOR_ERROR_RATE = 20;

export type ServingMonitor = {
  sampler: ServiceMetricsSampler;
  metricsUrl: string | null;
  stop(): Promise<void>;
};

/**
 * What `podium serve` watches while it runs: service latency, throughput, errors, CPU and memory
 * sampled into SQLite; alerts for a service that is down, restarting or failing too often; and
 * the app's own Prometheus /metrics (champion version, open alerts, shadow pairs).
 */
export async function startServingMonitor(input: {
  workspace: Workspace;
  /** The metrics store keeps samples for the configured retention (monitoring.service_metrics_*). */
  stores: { versions: VersionStore; serviceMetrics: ServiceMetricsStore };
  controller: ServingController;
  modelName: string;
  alerts: AlertService;
}): Promise<ServingMonitor> {
  const { workspace, stores, controller, modelName, alerts } = input;
  const settings = workspace.config.monitoring;
  const sampler = new ServiceMetricsSampler({
    store: stores.serviceMetrics,
    clock: workspace.clock,
    ...controllerSource(modelName, controller),
    intervalSeconds: settings.service_metrics_interval_seconds,
    scrapeTimeoutMs: settings.service_metrics_scrape_timeout_ms,
    // Services require the configured token on /metrics like on every route but /health.
    ...(workspace.config.serving.auth_token
      ? { headers: { authorization: `Bearer ${workspace.config.serving.auth_token}` } }
      : {}),
    onError: (error, context) =>
      workspace.logger.warn({ err: error, step: context.step }, 'service metrics sampling failed'),
  });
  const appMetrics = createAppMetricsRegistry({
    defaultLabels: { model: modelName, environment: workspace.environment },
  });
  let server: Awaited<ReturnType<typeof serveAppMetrics>> | null = null;
  if (settings.metrics_port > 0) {
    try {
      server = await serveAppMetrics(appMetrics.registry, { host: '127.0.0.1', port: settings.metrics_port });
    } catch (error) {
      workspace.logger.warn({ err: error, port: settings.metrics_port }, 'app metrics port unavailable');
    }
  }

  const round = async () => {
    const samples = await sampler.sampleOnce();
    for (const sample of samples) judge(sample);
    for (const service of controller.services()) {
      const key = `service_unhealthy:${modelName}:v${service.version}`;
      const state = service.handle.state();
      if (state === 'restarting' || state === 'failed') {
        alerts.raise({
          rule: 'service_unhealthy',
          modelName,
          dedupKey: key,
          title: `${modelName} v${service.version} (${service.role}) is ${state}`,
          message: `The ${service.handle.runtime} service of v${service.version} is ${state} after ${service.handle.restarts()} restart(s); see podium services logs ${service.version}.`,
          evidence: { version: service.version, state, restarts: service.handle.restarts() },
        });
      } else if (state === 'running') alerts.resolveByKey(key, 'serve');
    }
    // The gateway is supervised like a service: callers get no answer while it restarts.
    const gateway = controller.gateway;
    const gatewayKey = `service_unhealthy:${modelName}:gateway`;
    const gatewayState = gateway.state();
    if (gatewayState === 'restarting' || gatewayState === 'failed') {
      alerts.raise({
        rule: 'service_unhealthy',
        modelName,
        dedupKey: gatewayKey,
        title: `The gateway of ${modelName} is ${gatewayState}`,
        message: `The gateway process of ${modelName} is ${gatewayState} after ${gateway.restarts()} restart(s); requests to ${gateway.url ?? 'it'} fail until it is back. Its log: ${gateway.spec.logFile}.`,
        // The version is the champion the gateway fronts.
        evidence: {
          version: gateway.championVersion ?? 0,
          state: gatewayState,
          restarts: gateway.restarts(),
          details: { process: 'gateway', pid: gateway.pid ?? null },
        },
      });
    } else if (gatewayState === 'running') alerts.resolveByKey(gatewayKey, 'serve');
    const champion = stores.versions.champion(modelName);
    appMetrics.setChampionVersion(modelName, champion?.version ?? null);
    appMetrics.setOpenAlerts(alerts.list({ status: ['open'] }).length);
  };

  const judge = (sample: ServiceSample) => {
    if (sample.target.source !== 'service') return;
    const { version, role } = sample.target;
    const downKey = `service_down:${modelName}:v${version}`;
    if (!sample.up) {
      alerts.raise({
        rule: 'service_down',
        modelName,
        dedupKey: downKey,
        title: `${modelName} v${version} (${role}) does not answer`,
        message: `The ${role} service of v${version} did not answer its metrics scrape; requests to it fail until it is back.`,
        evidence: { version, state: 'unreachable' },
      });
      return;
    }
    alerts.resolveByKey(downKey, 'serve');
    const alert = errorRateAlert(modelName, sample, workspace.config.alerts.error_rate_limit);
    if (alert) alerts.raise(alert);
  };

  const timer = setInterval(
    () =>
      void round().catch((error) => workspace.logger.warn({ err: error }, 'serving monitor round failed')),
    settings.service_metrics_interval_seconds * 1000,
  );
  timer.unref();
  void round().catch(() => {});
  return {
    sampler,
    metricsUrl: server?.url ?? null,
    stop: async () => {
      clearInterval(timer);
      await sampler.stop();
      await server?.close();
    },
  };
}

/**
 * The error_rate alert for one interval of a model service, or null: raised when its server
 * errors (5xx) exceed `limit` of its requests. Requests it refused (4xx: a date that does not
 * parse, a wrong field) are the callers' to fix and never count: a client sending bad rows must
 * not page whoever runs the service.
 */
export function errorRateAlert(modelName: string, sample: ServiceSample, limit: number): NewAlert | null {
  if (sample.target.source !== 'service') return null;
  const { version, role } = sample.target;
  const requests = sample.requests ?? 0;
  const errors = sample.errors ?? 0;
  const rate = requests > 0 ? errors / requests : 0;
  if (requests < MIN_REQUESTS_FOR_ERROR_RATE || rate <= limit) return null;
  const refused = sample.clientErrors ?? 0;
  return {
    rule: 'error_rate',
    modelName,
    dedupKey: `error_rate:${modelName}:v${version}`,
    title: `${modelName} v${version} answers ${(rate * 100).toFixed(1)}% server errors`,
    message: `${errors} of ${requests} requests to the ${role} service of v${version} failed with a server error (5xx) in the last interval (limit ${(limit * 100).toFixed(1)}%)${refused > 0 ? `; ${refused} more were refused as invalid (4xx), which does not count` : ''}.`,
    evidence: { rate, threshold: limit, requests, version },
  };
}
