/** Schemas of the model registry: versions, transitions, packages, lineage, champions (../registry.ts). */
import { z } from 'zod';
import { EmptyInputSchema, MetricsSchema, StageSchema, TaskSchema } from './common.js';
import { DecisionSchema } from './lifecycle.js';
import { BakingStatusSchema } from './rollout.js';

export const ModelSummarySchema = z.strictObject({
  name: z.string(),
  task: TaskSchema,
  target: z.string(),
  versions: z.number(),
  championVersion: z.number().nullable(),
  createdAt: z.string(),
});

export const ModelVersionSchema = z.strictObject({
  id: z.number(),
  modelName: z.string(),
  version: z.number(),
  stage: StageSchema,
  runId: z.string(),
  datasetId: z.string(),
  modelType: z.string(),
  packagePath: z.string(),
  packageSha256: z.string(),
  metrics: MetricsSchema,
  createdAt: z.string(),
});

export const TransitionSchema = z.strictObject({
  id: z.number(),
  versionId: z.number(),
  version: z.number(),
  fromStage: StageSchema,
  toStage: StageSchema,
  actor: z.string(),
  reason: z.string(),
  decisionId: z.number().nullable(),
  createdAt: z.string(),
});

export const CodeVersionSchema = z.strictObject({
  gitCommit: z.string().nullable(),
  gitBranch: z.string().nullable(),
  gitDirty: z.boolean().nullable(),
  podiumVersion: z.string(),
});

/** training data → training code → model, as `podium lineage` prints it. */
export const VersionLineageSchema = z.strictObject({
  trainingData: z.strictObject({
    datasetId: z.string(),
    fileName: z.string().nullable(),
    snapshotPath: z.string().nullable(),
    rows: z.number().nullable(),
  }),
  trainingCode: z.strictObject({
    runId: z.string(),
    source: z.enum(['run_lineage', 'manifest']),
    code: CodeVersionSchema.nullable(),
    configSha256: z.string().nullable(),
    modelConfigSha256: z.string(),
    seeds: z.record(z.string(), z.number()).nullable(),
    libraryVersions: z.record(z.string(), z.string()),
    backend: z.string(),
  }),
  predictions: z.array(z.strictObject({ id: z.string(), rows: z.number(), createdAt: z.string() })),
});

/** The immutable model package: its manifest and files. */
export const PackageDetailsSchema = z.strictObject({
  path: z.string(),
  sha256: z.string(),
  task: TaskSchema,
  target: z.string(),
  backend: z.string(),
  libraryVersions: z.record(z.string(), z.string()),
  files: z.array(z.strictObject({ path: z.string(), bytes: z.number() })),
  /** The model config YAML the package was trained with. */
  modelConfigYaml: z.string().nullable(),
});

export const VersionDetailSchema = z.strictObject({
  version: ModelVersionSchema,
  package: PackageDetailsSchema,
  lineage: VersionLineageSchema,
  transitions: z.array(TransitionSchema),
});

const cause = z.strictObject({ actor: z.string(), reason: z.string(), decisionId: z.number().nullable() });

/** One stretch of time during which a version was champion; `to` null while it still is. */
export const ChampionPeriodSchema = z.strictObject({
  version: z.number(),
  from: z.string(),
  to: z.string().nullable(),
  metrics: MetricsSchema,
  modelType: z.string(),
  began: cause,
  ended: cause.nullable(),
  /** The baking period that followed the promotion (guarded rollout); absent when it never baked. */
  baking: z
    .strictObject({ status: BakingStatusSchema, endsAt: z.string(), breaches: z.array(z.string()) })
    .optional(),
  /** True when the period ended by an automatic rollback (a baking guard tripped). */
  endedAutomatically: z.boolean().optional(),
});

export const ChampionTimelineSchema = z.strictObject({
  model: z.string(),
  periods: z.array(ChampionPeriodSchema),
});

export const RollbackResultSchema = z.strictObject({
  champion: ModelVersionSchema,
  previousChampion: ModelVersionSchema,
  decision: DecisionSchema,
});

/** Inputs of the operations served by main/registry/handlers.ts and main/app/version-details.ts. */
const model = z.string().min(1);

export const registryOperationSchemas = {
  'registry.models': { input: EmptyInputSchema, output: z.array(ModelSummarySchema) },
  'registry.versions': { input: z.strictObject({ model }), output: z.array(ModelVersionSchema) },
  'registry.version': {
    input: z.strictObject({ model: z.string().min(1), version: z.number().int().min(1) }),
    output: VersionDetailSchema,
  },
  'registry.transitions': { input: z.strictObject({ model }), output: z.array(TransitionSchema) },
  'registry.championTimeline': { input: z.strictObject({ model }), output: ChampionTimelineSchema },
  /**
   * Makes the previous champion champion again, with a stored `rollback` decision (default model:
   * the workspace's default model).
   */
  'registry.rollback': {
    input: z.strictObject({ model: model.optional(), reason: z.string().trim().min(1).optional() }),
    output: RollbackResultSchema,
  },
};
