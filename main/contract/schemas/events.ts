/** Schemas of the event stream's payloads (../events.ts), by event name. */
import { z } from 'zod';
import type {
  CycleResult,
  JobDoneEvent,
  JobProgressEvent,
  OperationProgressEvent,
  PodiumEventMessage,
  PodiumEventName,
  PodiumEvents,
} from '../events.js';
import { JobKindSchema, MetricsSchema, PodiumErrorDataSchema, ProgressSchema } from './common.js';
import { StoredDriftReportSchema } from './monitoring.js';
import { AlertSchema } from './monitoring-alerts.js';
import { JobRunSchema, JobRunSummarySchema } from './monitoring-jobs.js';
import { ReplayReportSchema, ServiceStatusSchema } from './serving.js';
import { TrainingResultSchema } from './training.js';
import type { Assert, Equal } from './type-equal.js';

export const CycleResultSchema = z.strictObject({
  job: z.string(),
  outcome: z.enum(['succeeded', 'failed', 'skipped']),
  decisionIds: z.array(z.number()),
  summary: JobRunSummarySchema.nullable(),
});

export const JobProgressEventSchema = z.strictObject({
  jobId: z.number(),
  kind: JobKindSchema,
  step: z.string(),
  current: z.number(),
  total: z.number(),
  message: z.string().optional(),
  metrics: MetricsSchema.optional(),
});

export const JobDoneEventSchema = z.discriminatedUnion('kind', [
  z.strictObject({ jobId: z.number(), kind: z.literal('train'), result: TrainingResultSchema }),
  z.strictObject({ jobId: z.number(), kind: z.literal('compare'), result: TrainingResultSchema }),
  z.strictObject({ jobId: z.number(), kind: z.literal('replay'), result: ReplayReportSchema }),
  z.strictObject({ jobId: z.number(), kind: z.literal('cycle'), result: CycleResultSchema }),
  z.strictObject({ jobId: z.number(), kind: z.literal('drift'), result: StoredDriftReportSchema }),
]);

export const OperationProgressEventSchema = z.strictObject({
  ...ProgressSchema.shape,
  operation: z.string(),
});

export const eventSchemas = {
  'operation.progress': OperationProgressEventSchema,
  'job.progress': JobProgressEventSchema,
  'job.done': JobDoneEventSchema,
  'job.failed': z.strictObject({ jobId: z.number(), kind: JobKindSchema, error: PodiumErrorDataSchema }),
  'services.changed': z.strictObject({ model: z.string(), services: z.array(ServiceStatusSchema) }),
  'alert.raised': z.strictObject({ alert: AlertSchema }),
  'scheduler.ran': z.strictObject({ run: JobRunSchema }),
  'shadow.updated': z.strictObject({
    testId: z.number(),
    labelledPairs: z.number(),
    mirroredRequests: z.number(),
  }),
  'environment.changed': z.strictObject({ environment: z.enum(['dev', 'prod']) }),
} satisfies { [E in PodiumEventName]: z.ZodType };

export const PodiumEventMessageSchema = z.discriminatedUnion('event', [
  z.strictObject({ event: z.literal('operation.progress'), payload: eventSchemas['operation.progress'] }),
  z.strictObject({ event: z.literal('job.progress'), payload: eventSchemas['job.progress'] }),
  z.strictObject({ event: z.literal('job.done'), payload: eventSchemas['job.done'] }),
  z.strictObject({ event: z.literal('job.failed'), payload: eventSchemas['job.failed'] }),
  z.strictObject({ event: z.literal('services.changed'), payload: eventSchemas['services.changed'] }),
  z.strictObject({ event: z.literal('alert.raised'), payload: eventSchemas['alert.raised'] }),
  z.strictObject({ event: z.literal('scheduler.ran'), payload: eventSchemas['scheduler.ran'] }),
  z.strictObject({ event: z.literal('shadow.updated'), payload: eventSchemas['shadow.updated'] }),
  z.strictObject({ event: z.literal('environment.changed'), payload: eventSchemas['environment.changed'] }),
]);

type EventSchemasMatch = {
  [E in PodiumEventName]: Equal<z.infer<(typeof eventSchemas)[E]>, PodiumEvents[E]>;
};

export type EventTypeChecks = [
  Assert<Equal<z.infer<typeof CycleResultSchema>, CycleResult>>,
  Assert<Equal<z.infer<typeof JobProgressEventSchema>, JobProgressEvent>>,
  Assert<Equal<z.infer<typeof JobDoneEventSchema>, JobDoneEvent>>,
  Assert<Equal<z.infer<typeof OperationProgressEventSchema>, OperationProgressEvent>>,
  Assert<Equal<EventSchemasMatch[PodiumEventName], true>>,
  Assert<Equal<z.infer<typeof PodiumEventMessageSchema>, PodiumEventMessage>>,
];
