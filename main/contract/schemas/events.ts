/** Schemas of the event stream's payloads (../events.ts), by event name. */
import { z } from 'zod';
import { JobKindSchema, MetricsSchema, PodiumErrorDataSchema, ProgressSchema } from './common.js';
import { StoredDriftReportSchema } from './monitoring.js';
import { AlertSchema } from './monitoring-alerts.js';
import { JobRunSchema, JobRunSummarySchema } from './monitoring-jobs.js';
import { ReplayReportSchema, ServiceStatusSchema } from './serving.js';
import { TrainingResultSchema } from './training.js';

/** What `podium cycle` (scheduler.runNow) reports when done. */
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
  /** Training: one event per epoch with `loss` and `validation_loss`. */
  metrics: MetricsSchema.optional(),
});

export const JobDoneEventSchema = z.discriminatedUnion('kind', [
  z.strictObject({ jobId: z.number(), kind: z.literal('train'), result: TrainingResultSchema }),
  z.strictObject({ jobId: z.number(), kind: z.literal('compare'), result: TrainingResultSchema }),
  z.strictObject({ jobId: z.number(), kind: z.literal('replay'), result: ReplayReportSchema }),
  z.strictObject({ jobId: z.number(), kind: z.literal('cycle'), result: CycleResultSchema }),
  z.strictObject({ jobId: z.number(), kind: z.literal('drift'), result: StoredDriftReportSchema }),
]);

/** Progress of an operation that answers only when done (not a job), e.g. `cycle.run`. */
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
  /** A scheduled job's run ended (cycle, clean-up, maintenance), whatever started it. */
  'scheduler.ran': z.strictObject({ run: JobRunSchema }),
  'shadow.updated': z.strictObject({
    testId: z.number(),
    labelledPairs: z.number(),
    mirroredRequests: z.number(),
  }),
  /** The window now shows another environment: every view reloads its data. */
  'environment.changed': z.strictObject({ environment: z.enum(['dev', 'prod']) }),
} satisfies Record<string, z.ZodType>;

/** One message of the event stream, as the hub, the WebSocket and IPC carry it. */
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

/** Fails to compile when an event of `eventSchemas` has no message in `PodiumEventMessageSchema`. */
export type EveryEventHasAMessage = NoneLeft<
  Exclude<keyof typeof eventSchemas, z.infer<typeof PodiumEventMessageSchema>['event']>
>;
type NoneLeft<T extends never> = T;
