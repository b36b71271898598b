export { AlertBus, type AlertEvents } from './alert-bus.js';
export {
  AlertService,
  type AlertServiceDeps,
  type AlertServiceOptions,
  webhookBody,
} from './alert-service.js';
export { type AlertListOptions, AlertStore, type DeliveryUpdate } from './alert-store.js';
export { scrubUrl, webhookHost } from './redact-url.js';
export { type AlertSettings, readAlertSettings } from './settings.js';
export { toAlert } from './to-alert.js';
export {
  ALERT_RULES,
  type AlertDelivery,
  type AlertEvidenceByRule,
  type AlertRecord,
  type AlertRule,
  type AlertSeverity,
  type AlertStatus,
  DEFAULT_SEVERITY,
  type DeliveryStatus,
  defaultDedupKey,
  type NewAlert,
  type RaisedAlert,
} from './types.js';
export {
  type DeliveryReport,
  type WebhookMessage,
  WebhookNotifier,
  type WebhookOptions,
} from './webhook-notifier.js';
