/** Registry and lifecycle events and their webhook deliveries: types of ./schemas/lifecycle-events.ts. */
import type { z } from 'zod';
import type {
  EventDeliverySchema,
  EventDeliveryStatusSchema,
  LifecycleEventSchema,
  LifecycleEventTypeSchema,
  lifecycleEventOperationSchemas,
} from './schemas/lifecycle-events.js';
import type { OperationsOf } from './schemas/operation-types.js';

export type LifecycleEventType = z.infer<typeof LifecycleEventTypeSchema>;
export type EventDeliveryStatus = z.infer<typeof EventDeliveryStatusSchema>;
export type EventDelivery = z.infer<typeof EventDeliverySchema>;
export type LifecycleEvent = z.infer<typeof LifecycleEventSchema>;

export type LifecycleEventOperations = OperationsOf<typeof lifecycleEventOperationSchemas>;
