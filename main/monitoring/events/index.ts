export { EventDeliverer } from './event-deliverer.js';
export { EventDeliveryStore } from './event-delivery-store.js';
export { EVENT_HEADERS, eventSignatureProblem, signEvent } from './event-signature.js';
export { type EventWebhookOptions, readEventWebhook } from './event-webhook-settings.js';
