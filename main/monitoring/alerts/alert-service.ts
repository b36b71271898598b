import type { Logger } from 'pino';
import type { JsonValue } from '../../contract/index.js';
import { AlertBus, type AlertEvents } from './alert-bus.js';
import type { AlertListOptions, AlertStore } from './alert-store.js';
import { webhookHost } from './redact-url.js';
import { readAlertSettings } from './settings.js';
import { alertAsRaised } from './to-alert.js';
import type { AlertRecord, AlertSeverity, NewAlert } from './types.js';
import { type DeliveryReport, WebhookNotifier, type WebhookOptions } from './webhook-notifier.js';

/** The workspace's alert store (built with its other stores) and where alerts are logged. */
export type AlertServiceDeps = { store: AlertStore; logger: Logger };
export type AlertServiceOptions = { webhook?: WebhookOptions | null };

const LOG_LEVEL: Record<AlertSeverity, 'info' | 'warn' | 'error'> = {
  info: 'info',
  warning: 'warn',
  critical: 'error',
};

/**
 * Raising an alert: store it (de-duplicated), then tell the log, the bus and the webhook. Only a
 * new alert is announced; a repeat just counts up, so a flapping check does not page anyone twice.
 */
export class AlertService {
  readonly store: AlertStore;
  readonly bus: AlertBus;
  private readonly webhook: WebhookNotifier | null;
  private readonly logger: Logger;

  constructor(deps: AlertServiceDeps, options: AlertServiceOptions = {}) {
    this.logger = deps.logger.child({ component: 'alerts' });
    this.store = deps.store;
    this.bus = new AlertBus((error) => this.logger.error({ err: error }, 'alert listener failed'));
    this.webhook = options.webhook
      ? new WebhookNotifier(options.webhook, { logger: this.logger, onReport: (r) => this.recordDelivery(r) })
      : null;
    if (options.webhook)
      this.logger.info({ webhookHost: webhookHost(options.webhook.url) }, 'alert webhook on');
  }

  /** Reads the `alerts` config section (webhook) of a workspace. */
  static forWorkspace(workspace: { logger: Logger; config: object }, store: AlertStore): AlertService {
    return new AlertService({ store, logger: workspace.logger }, readAlertSettings(workspace.config));
  }

  /** Synchronous and never waits on delivery: the webhook runs from its own queue. */
  raise(alert: NewAlert): AlertRecord {
    const raised = this.store.raise(alert);
    const record = raised.alert;
    const fields = {
      alertId: record.id,
      rule: record.rule,
      severity: record.severity,
      model: record.modelName,
      dedupKey: record.dedupKey,
      count: record.count,
    };
    if (!raised.isNew) {
      this.logger.debug(fields, `alert repeated: ${record.title}`);
      this.bus.emit('alert-updated', record);
      return record;
    }
    this.logger[LOG_LEVEL[record.severity]](fields, `alert: ${record.title}`);
    this.bus.emit('alert', record);
    this.webhook?.enqueue({ alertId: record.id, body: webhookBody(record) });
    return this.store.get(record.id) ?? record;
  }

  acknowledge(id: number, actor: string): AlertRecord {
    const record = this.store.acknowledge(id, actor);
    this.logger.info({ alertId: id, actor }, 'alert acknowledged');
    this.bus.emit('alert-updated', record);
    return record;
  }

  resolve(id: number, actor: string): AlertRecord {
    const record = this.store.resolve(id, actor);
    this.bus.emit('alert-updated', record);
    return record;
  }

  resolveByKey(dedupKey: string, actor: string): AlertRecord | null {
    const record = this.store.resolveByKey(dedupKey, actor);
    if (record) {
      this.logger.info({ alertId: record.id, dedupKey, actor }, 'alert resolved');
      this.bus.emit('alert-updated', record);
    }
    return record;
  }

  list(options: AlertListOptions = {}): AlertRecord[] {
    return this.store.list(options);
  }

  on<K extends keyof AlertEvents>(event: K, listener: (payload: AlertEvents[K]) => void): () => void {
    return this.bus.on(event, listener);
  }

  /** Resolves when no webhook delivery is queued or in flight. */
  async idle(): Promise<void> {
    await this.webhook?.idle();
  }

  /** Call before closing the database: pending deliveries get graceMs, then are recorded as failed. */
  async close(graceMs?: number): Promise<void> {
    await this.webhook?.close(graceMs);
  }

  private recordDelivery(report: DeliveryReport): void {
    this.store.recordDelivery(report.alertId, report);
    if (report.status === 'pending') return;
    const record = this.store.get(report.alertId);
    if (record) this.bus.emit('alert-updated', record);
  }
}

/**
 * What a receiver gets: the alert as it was raised, marked as coming from Podium, in the
 * snake_case of `podium alerts --json` (contract/documented-json.ts).
 */
export function webhookBody(alert: AlertRecord): Record<string, JsonValue> {
  return { source: 'podium', ...alertAsRaised(alert) };
}
