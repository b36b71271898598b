import type { PodiumConfig } from './schema.js';

/**
 * The settings a running session cannot take up when they are saved, each with why. Everything
 * else is read where it is used (a drift check reads the thresholds as it starts, the scheduler
 * re-plans its crons), so it applies as soon as it is saved. These are bound once: a port is
 * listened on, a runtime chosen, a folder opened, a queue built; changing them under running
 * services would leave the app saying one thing and doing another, so the session keeps the
 * value it started with until the app is started again.
 */
const RESTART_REASONS: Record<string, string> = {
  'serving.host': 'the gateway and model services bind their address when the app starts',
  'serving.port': 'the gateway port is bound when the app starts',
  'serving.service_port_start': 'model service ports are assigned from the value the app started with',
  'serving.runtime': 'the serving runtime (child processes or Docker) is chosen when the app starts',
  'serving.batch_limit': 'model services are started with the limit the app started with',
  'serving.mirror_queue_limit': 'the gateway is started with the queue limit the app started with',
  'serving.docker_base_image': 'Docker images are built from the base image the app started with',
  'serving.auth_token': 'services are started with the token the app started with',
  'monitoring.metrics_port': 'the metrics port is bound when the app starts',
  'monitoring.service_metrics_interval_seconds':
    'service sampling is set up when serving starts (podium serve)',
  'monitoring.service_metrics_scrape_timeout_ms':
    'service sampling is set up when serving starts (podium serve)',
  'scheduler.enabled': 'whether the scheduler runs is decided when the app (or podium scheduler) starts',
  'alerts.webhook_url': 'the alert webhook queue is set up when the app starts',
  'alerts.webhook_attempts': 'the alert webhook queue is set up when the app starts',
  'alerts.webhook_base_delay_ms': 'the alert webhook queue is set up when the app starts',
  'alerts.webhook_max_delay_ms': 'the alert webhook queue is set up when the app starts',
  'alerts.webhook_timeout_ms': 'the alert webhook queue is set up when the app starts',
  'alerts.webhook_queue_limit': 'the alert webhook queue is set up when the app starts',
  'events.webhook_url': 'the event webhook sender is set up when the app starts',
  'events.webhook_secret': 'the event webhook sender is set up when the app starts',
  'events.webhook_types': 'the event webhook sender is set up when the app starts',
  'events.webhook_attempts': 'the event webhook sender is set up when the app starts',
  'events.webhook_base_delay_ms': 'the event webhook sender is set up when the app starts',
  'events.webhook_max_delay_ms': 'the event webhook sender is set up when the app starts',
  'events.webhook_timeout_ms': 'the event webhook sender is set up when the app starts',
  'prod.workspace': 'the prod workspace folder is found when the app starts',
  'prod.serving_port': 'the prod gateway port is bound when the app starts',
  'prod.service_port_start': 'prod model service ports are assigned from the value the app started with',
  'prod.metrics_port': 'the prod metrics port is bound when the app starts',
  'prod.serving_auth_token': 'prod services are started with the token the app started with',
};

/** Every key that waits for a restart. */
export function restartKeys(): string[] {
  return Object.keys(RESTART_REASONS);
}

/** Why a saved value of `key` waits for a restart, or null when it applies at once. */
export function restartReason(key: string): string | null {
  return RESTART_REASONS[key] ?? null;
}

export type ConfigChange = {
  /** The config the running session uses from now on. */
  config: PodiumConfig;
  /** Changed keys that apply now. */
  applied: string[];
  /** Changed keys whose new value waits for a restart; the session keeps the old one. */
  restartNeeded: { key: string; reason: string }[];
};

type Sections = Record<string, Record<string, unknown>>;

/**
 * What a running session takes up of a newly loaded config: every changed key that applies live,
 * and for the others the value it already has. Keys are `section.key`, the config's only depth.
 */
export function takeUpConfig(running: PodiumConfig, loaded: PodiumConfig): ConfigChange {
  const before = running as unknown as Sections;
  const after = structuredClone(loaded) as unknown as Sections;
  const applied: string[] = [];
  const restartNeeded: ConfigChange['restartNeeded'] = [];
  for (const section of Object.keys(after)) {
    const keys = new Set([...Object.keys(before[section] ?? {}), ...Object.keys(after[section])]);
    for (const name of keys) {
      const key = `${section}.${name}`;
      const old = before[section]?.[name];
      if (sameValue(old, after[section][name])) continue;
      const reason = restartReason(key);
      if (reason === null) {
        applied.push(key);
        continue;
      }
      restartNeeded.push({ key, reason });
      if (old === undefined) delete after[section][name];
      else after[section][name] = old;
    }
  }
  return { config: after as unknown as PodiumConfig, applied, restartNeeded };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
