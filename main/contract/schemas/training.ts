/** Schemas of training, runs and model comparison (../training.ts). */
import { z } from 'zod';
import type {
  CandidateResult,
  ColumnChoice,
  MetricHistory,
  MetricPoint,
  Run,
  RunComparison,
  RunDetail,
  RunStatus,
  TrainingOperations,
  TrainingResult,
  VifSelection,
} from '../training.js';
import {
  CsvDialectOptionsSchema,
  DateFormatSchema,
  JobStartedSchema,
  MetricsSchema,
  ModelTypeChoiceSchema,
} from './common.js';
import { DecisionSchema } from './lifecycle.js';
import { ModelVersionSchema } from './registry.js';
import type { Assert, Equal, NoneOf, OperationMismatches } from './type-equal.js';

export const RunStatusSchema = z.enum(['running', 'finished', 'failed', 'cancelled']);

export const RunSchema = z.strictObject({
  id: z.string(),
  experimentId: z.number(),
  experimentName: z.string(),
  parentRunId: z.string().nullable(),
  name: z.string(),
  status: RunStatusSchema,
  datasetId: z.string().nullable(),
  artifactDir: z.string().nullable(),
  error: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  params: z.record(z.string(), z.string()),
  tags: z.record(z.string(), z.string()),
  metrics: MetricsSchema,
});

export const MetricPointSchema = z.strictObject({ step: z.number(), value: z.number() });
export const MetricHistorySchema = z.record(z.string(), z.array(MetricPointSchema));

export const RunDetailSchema = z.strictObject({
  run: RunSchema,
  history: MetricHistorySchema,
  children: z.array(RunSchema),
});

export const RunComparisonSchema = z.strictObject({
  runs: z.array(RunSchema),
  paramKeys: z.array(z.string()),
  metricKeys: z.array(z.string()),
  histories: z.record(z.string(), MetricHistorySchema),
});

const vif = z.number().nullable();

export const VifSelectionSchema = z.strictObject({
  method: z.literal('vif'),
  threshold: z.number(),
  dropped: z.array(z.strictObject({ name: z.string(), vif, reason: z.enum(['constant', 'vif']) })),
  kept: z.array(z.strictObject({ name: z.string(), vif })),
});

export const CandidateResultSchema = z.strictObject({
  label: z.string(),
  runId: z.string().nullable(),
  modelType: z.string(),
  train: MetricsSchema,
  validation: MetricsSchema,
  test: MetricsSchema,
  features: z.array(z.string()),
  featureSelection: VifSelectionSchema.optional(),
  splitSizes: z.strictObject({ train: z.number(), validation: z.number(), test: z.number() }).optional(),
  seconds: z.number(),
  backend: z.string(),
  chosen: z.boolean(),
  status: z.enum(['chosen', 'trained', 'failed']),
  error: z.string().optional(),
});

export const ColumnChoiceSchema = z.strictObject({
  column: z.string(),
  choice: z.enum(['left_out', 'date_parts']),
  reason: z.string(),
  parts: z.array(z.string()).optional(),
});

export const TrainingResultSchema = z.strictObject({
  model: z.string(),
  version: ModelVersionSchema,
  runId: z.string(),
  primaryMetric: z.string(),
  candidates: z.array(CandidateResultSchema),
  decision: DecisionSchema.nullable(),
  columns: z.array(ColumnChoiceSchema),
});

/** Inputs of the operations served by main/training/handlers.ts and main/tracking/handlers.ts. */
const modelType = ModelTypeChoiceSchema;
const dateFormats = z.record(z.string().min(1), DateFormatSchema).optional();

export const trainingOperationSchemas = {
  'train.template': {
    input: z.strictObject({ datasetId: z.string().min(1), target: z.string().min(1), modelType }),
    output: z.strictObject({ yaml: z.string() }),
  },
  'train.start': {
    input: z.strictObject({
      datasetId: z.string().min(1),
      target: z.string().min(1),
      modelType,
      configYaml: z.string().optional(),
      model: z.string().min(1).optional(),
      seed: z.number().int().optional(),
      autoEvaluate: z.boolean().optional(),
    }),
    output: JobStartedSchema,
  },
  'train.fromFile': {
    input: z.strictObject({
      file: z.string().min(1),
      target: z.string().min(1).optional(),
      modelType: modelType.optional(),
      configFile: z.string().min(1).optional(),
      dateFormats,
      dialect: CsvDialectOptionsSchema.optional(),
      model: z.string().min(1).optional(),
      autoEvaluate: z.boolean().optional(),
    }),
    output: JobStartedSchema,
  },
  'runs.list': {
    input: z.strictObject({
      experiment: z.string().min(1).optional(),
      limit: z.number().int().min(1).max(10_000).optional(),
    }),
    output: z.array(RunSchema),
  },
  'runs.get': { input: z.strictObject({ runId: z.string().min(1) }), output: RunDetailSchema },
  'runs.compare': {
    input: z.strictObject({ runIds: z.array(z.string().min(1)).min(1).max(20) }),
    output: RunComparisonSchema,
  },
  'models.compare': {
    input: z
      .strictObject({
        datasetId: z.string().min(1).optional(),
        file: z.string().trim().min(1).optional(),
        dateFormats,
        dialect: CsvDialectOptionsSchema.optional(),
        autoEvaluate: z.boolean().optional(),
        target: z.string().min(1).optional(),
        split: z.enum(['time', 'random']),
        dateColumn: z.string().min(1).optional(),
        model: z.string().min(1).optional(),
        seed: z.number().int().optional(),
      })
      .refine((input) => (input.datasetId === undefined) !== (input.file === undefined), {
        message: 'give either datasetId or file',
        path: ['datasetId'],
      }),
    output: JobStartedSchema,
  },
};

export type TrainingTypeChecks = [
  Assert<Equal<z.infer<typeof RunStatusSchema>, RunStatus>>,
  Assert<Equal<z.infer<typeof RunSchema>, Run>>,
  Assert<Equal<z.infer<typeof MetricPointSchema>, MetricPoint>>,
  Assert<Equal<z.infer<typeof MetricHistorySchema>, MetricHistory>>,
  Assert<Equal<z.infer<typeof RunDetailSchema>, RunDetail>>,
  Assert<Equal<z.infer<typeof RunComparisonSchema>, RunComparison>>,
  Assert<Equal<z.infer<typeof VifSelectionSchema>, VifSelection>>,
  Assert<Equal<z.infer<typeof CandidateResultSchema>, CandidateResult>>,
  Assert<Equal<z.infer<typeof ColumnChoiceSchema>, ColumnChoice>>,
  Assert<Equal<z.infer<typeof TrainingResultSchema>, TrainingResult>>,
  NoneOf<OperationMismatches<TrainingOperations, typeof trainingOperationSchemas>>,
];
