/** Schemas of registry and lifecycle events and their webhook deliveries (../lifecycle-events.ts). */
import { z } from 'zod';
import { LIFECYCLE_EVENT_TYPES } from '../lifecycle-event-types.js';
import { JsonValueSchema } from './common.js';

export { LIFECYCLE_EVENT_TYPES };
export const LifecycleEventTypeSchema = z.enum(LIFECYCLE_EVENT_TYPES);

export const EventDeliveryStatusSchema = z.enum(['pending', 'delivered', 'failed']);

/** One event's delivery to one webhook, as the delivery log shows it (never the URL: it may hold a token). */
export const EventDeliverySchema = z.strictObject({
  host: z.string(),
  status: EventDeliveryStatusSchema,
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});

export const LifecycleEventSchema = z.strictObject({
  id: z.number().int(),
  type: LifecycleEventTypeSchema,
  model: z.string().nullable(),
  data: z.record(z.string(), JsonValueSchema),
  createdAt: z.string(),
  deliveries: z.array(EventDeliverySchema),
});

export const lifecycleEventOperationSchemas = {
  /** The newest events first, each with its webhook deliveries (the delivery log). */
  'events.list': {
    input: z.strictObject({
      limit: z.number().int().min(1).max(1000).optional(),
      model: z.string().min(1).optional(),
      type: LifecycleEventTypeSchema.optional(),
      /** Only events with a delivery in this state. */
      delivery: EventDeliveryStatusSchema.optional(),
    }),
    output: z.array(LifecycleEventSchema),
  },
  /** Sends a failed (or delivered) event again: its delivery goes back to pending, due now. */
  'events.redeliver': {
    input: z.strictObject({ id: z.number().int().min(1) }),
    output: LifecycleEventSchema,
  },
  /** Records a `webhook.test` event and waits (up to the webhook timeout) for its first attempt. */
  'events.test': {
    input: z.strictObject({}),
    output: LifecycleEventSchema,
  },
};
