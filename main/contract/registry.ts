import type { Metrics, Stage, Task } from './common.js';
import type { Decision } from './lifecycle.js';

export type ModelSummary = {
  name: string;
  task: Task;
  target: string;
  versions: number;
  championVersion: number | null;
  createdAt: string;
};

export type ModelVersion = {
  id: number;
  modelName: string;
  version: number;
  stage: Stage;
  runId: string;
  datasetId: string;
  modelType: string;
  packagePath: string;
  packageSha256: string;
  metrics: Metrics;
  createdAt: string;
};

export type Transition = {
  id: number;
  versionId: number;
  version: number;
  fromStage: Stage;
  toStage: Stage;
  actor: string;
  reason: string;
  decisionId: number | null;
  createdAt: string;
};

export type CodeVersion = {
  gitCommit: string | null;
  gitBranch: string | null;
  gitDirty: boolean | null;
  podiumVersion: string;
};

/** training data → training code → model, as `podium lineage` prints it. */
export type VersionLineage = {
  trainingData: {
    datasetId: string;
    fileName: string | null;
    snapshotPath: string | null;
    rows: number | null;
  };
  trainingCode: {
    runId: string;
    source: 'run_lineage' | 'manifest';
    code: CodeVersion | null;
    configSha256: string | null;
    modelConfigSha256: string;
    seeds: Record<string, number> | null;
    libraryVersions: Record<string, string>;
    backend: string;
  };
  predictions: { id: string; rows: number; createdAt: string }[];
};

/** The immutable model package: its manifest and files. */
export type PackageDetails = {
  path: string;
  sha256: string;
  task: Task;
  target: string;
  backend: string;
  libraryVersions: Record<string, string>;
  files: { path: string; bytes: number }[];
  /** The model config YAML the package was trained with. */
  modelConfigYaml: string | null;
};

export type VersionDetail = {
  version: ModelVersion;
  package: PackageDetails;
  lineage: VersionLineage;
  transitions: Transition[];
};

/** One stretch of time during which a version was champion; `to` null while it still is. */
export type ChampionPeriod = {
  version: number;
  from: string;
  to: string | null;
  metrics: Metrics;
  modelType: string;
  began: { actor: string; reason: string; decisionId: number | null };
  ended: { actor: string; reason: string; decisionId: number | null } | null;
};

export type ChampionTimeline = { model: string; periods: ChampionPeriod[] };

export type RollbackResult = { champion: ModelVersion; previousChampion: ModelVersion; decision: Decision };

export type RegistryOperations = {
  'registry.models': { input: Record<string, never>; output: ModelSummary[] };
  'registry.versions': { input: { model: string }; output: ModelVersion[] };
  'registry.version': { input: { model: string; version: number }; output: VersionDetail };
  'registry.transitions': { input: { model: string }; output: Transition[] };
  'registry.championTimeline': { input: { model: string }; output: ChampionTimeline };
  /**
   * Makes the previous champion champion again, with a stored `rollback` decision (default model:
   * the workspace's default model).
   */
  'registry.rollback': { input: { model?: string; reason?: string }; output: RollbackResult };
};
