/** Schemas of training, runs and model comparison (../training.ts). */
import { z } from 'zod';
import {
  CsvDialectOptionsSchema,
  DateFormatSchema,
  JobStartedSchema,
  MetricsSchema,
  ModelTypeChoiceSchema,
} from './common.js';
import { DecisionSchema } from './lifecycle.js';
import { ModelVersionSchema } from './registry.js';

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
  /** Final metrics. */
  metrics: MetricsSchema,
});

export const MetricPointSchema = z.strictObject({ step: z.number(), value: z.number() });
/** Metric key → points by epoch (step), oldest first. */
export const MetricHistorySchema = z.record(z.string(), z.array(MetricPointSchema));

export const RunDetailSchema = z.strictObject({
  run: RunSchema,
  history: MetricHistorySchema,
  children: z.array(RunSchema),
});

export const RunComparisonSchema = z.strictObject({
  runs: z.array(RunSchema),
  /** Union of the runs' param and metric keys, sorted, for a side-by-side table. */
  paramKeys: z.array(z.string()),
  metricKeys: z.array(z.string()),
  /** Run id → its metric history. */
  histories: z.record(z.string(), MetricHistorySchema),
});

const vif = z.number().nullable();

/** Columns a linear model dropped for collinearity (variance inflation factor above the threshold). */
export const VifSelectionSchema = z.strictObject({
  method: z.literal('vif'),
  threshold: z.number(),
  /** In the order they were dropped; constant columns (VIF null) first. */
  dropped: z.array(z.strictObject({ name: z.string(), vif, reason: z.enum(['constant', 'vif']) })),
  kept: z.array(z.strictObject({ name: z.string(), vif })),
});

/** One model in a training or comparison result (`podium compare`'s table rows). */
export const CandidateResultSchema = z.strictObject({
  /** The model's name in a comparison ("linear regression", "gbm"); the family otherwise. */
  label: z.string(),
  /** null when the model failed before it had a run's result. */
  runId: z.string().nullable(),
  modelType: z.string(),
  train: MetricsSchema,
  validation: MetricsSchema,
  test: MetricsSchema,
  /** The columns the model saw after feature engineering and selection. */
  features: z.array(z.string()),
  featureSelection: VifSelectionSchema.optional(),
  /** Rows per split (absent for a model that failed). */
  splitSizes: z.strictObject({ train: z.number(), validation: z.number(), test: z.number() }).optional(),
  seconds: z.number(),
  backend: z.string(),
  chosen: z.boolean(),
  status: z.enum(['chosen', 'trained', 'failed']),
  error: z.string().optional(),
});

/** What training decided about a column that is not a plain input: left out (and why), or read as date parts. */
export const ColumnChoiceSchema = z.strictObject({
  column: z.string(),
  choice: z.enum(['left_out', 'date_parts']),
  reason: z.string(),
  /** The calendar parts a date column became. */
  parts: z.array(z.string()).optional(),
});

/** What a `train` or `compare` job's `job.done` event carries. */
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
  /** The declarative model config (YAML) the trainer would use, for editing beside the form. */
  'train.template': {
    input: z.strictObject({ datasetId: z.string().min(1), target: z.string().min(1), modelType }),
    output: z.strictObject({ yaml: z.string() }),
  },
  /** Trains a challenger in the background; progress per epoch arrives as `job.progress`. */
  'train.start': {
    input: z.strictObject({
      datasetId: z.string().min(1),
      target: z.string().min(1),
      modelType,
      configYaml: z.string().optional(),
      /** Registry model name; default: the workspace's default model. */
      model: z.string().min(1).optional(),
      seed: z.number().int().optional(),
      /** Compare with the champion and store a decision right after training. */
      autoEvaluate: z.boolean().optional(),
    }),
    output: JobStartedSchema,
  },
  /**
   * The CLI's `podium train`: reads a CSV (and a model config file) from this machine's disk,
   * trains in the background like `train.start`; defaults come from the workspace's config.
   */
  'train.fromFile': {
    input: z.strictObject({
      /** Absolute path of the CSV. */
      file: z.string().min(1),
      target: z.string().min(1).optional(),
      modelType: modelType.optional(),
      /** Absolute path of a model config YAML. */
      configFile: z.string().min(1).optional(),
      /** Column → date format (e.g. `MM/DD/YYYY`), instead of inferring it. */
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
  /** `podium compare`: every model type on one split; the table arrives in `job.done`. */
  'models.compare': {
    input: z
      .strictObject({
        /** A stored dataset, or `file`: a CSV on this machine (the CLI's `--data`). */
        datasetId: z.string().min(1).optional(),
        file: z.string().trim().min(1).optional(),
        /** Read these date columns in this format instead of inferring it. */
        dateFormats,
        /** Compare the best with the champion right after, storing a decision. */
        dialect: CsvDialectOptionsSchema.optional(),
        autoEvaluate: z.boolean().optional(),
        /** Default: the config's data.target_column. */
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
