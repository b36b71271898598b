/** The one event stream: types of the schemas in ./schemas/events.ts. */
import type { z } from 'zod';
import type {
  CycleResultSchema,
  eventSchemas,
  JobDoneEventSchema,
  JobProgressEventSchema,
  OperationProgressEventSchema,
  PodiumEventMessageSchema,
} from './schemas/events.js';

export type CycleResult = z.infer<typeof CycleResultSchema>;
export type JobProgressEvent = z.infer<typeof JobProgressEventSchema>;
export type JobDoneEvent = z.infer<typeof JobDoneEventSchema>;
/** Result by job kind, carried by `job.done`. */
export type JobResults = { [E in JobDoneEvent as E['kind']]: E['result'] };
export type OperationProgressEvent = z.infer<typeof OperationProgressEventSchema>;

export type PodiumEvents = { [E in keyof typeof eventSchemas]: z.infer<(typeof eventSchemas)[E]> };
export type PodiumEventName = keyof PodiumEvents;
export type PodiumEventMessage = z.infer<typeof PodiumEventMessageSchema>;
