/**
 * training data → training code → model → prediction code → predictions (`podium lineage --json`
 * prints it in snake_case: contract/documented-json.ts).
 */
import type { CodeVersion } from './registry.js';

export type TrainingDataLink = {
  datasetId: string;
  fileName: string | null;
  snapshotPath: string | null;
  rows: number | null;
};

export type TrainingCodeLink = {
  runId: string;
  /** run_lineage when the run recorded its lineage; otherwise only what the package manifest holds. */
  source: 'run_lineage' | 'manifest';
  code: CodeVersion | null;
  configSha256: string | null;
  modelConfigSha256: string;
  seeds: Record<string, number> | null;
  /** How the rows were split (type, column, probabilities) and the rows per part when known. */
  split: {
    config: { type: string; column?: string; probabilities: number[] };
    sizes?: { train: number; validation: number; test: number };
  } | null;
  libraryVersions: Record<string, string>;
  backend: string;
};

export type ModelLink = {
  name: string;
  version: number;
  stage: string;
  modelType: string;
  packagePath: string;
  packageSha256: string;
  metrics: Record<string, number>;
  createdAt: string;
};

export type PredictionLink = {
  id: string;
  predictionCode: { code: CodeVersion; libraryVersions: Record<string, string>; backend: string };
  input: { path: string; sha256: string };
  output: { path: string; sha256: string };
  rows: number;
  createdAt: string;
};

export type LineageChain = {
  subject: { kind: 'version'; ref: string } | { kind: 'prediction'; id: string };
  trainingData: TrainingDataLink;
  trainingCode: TrainingCodeLink;
  model: ModelLink;
  predictions: PredictionLink[];
};

export type LineageOperations = {
  /** A prediction's chain (`predictionId`), or a version's with every batch prediction made with it. */
  'lineage.get': {
    input: { predictionId: string } | { model: string; version: number };
    output: LineageChain;
  };
};
