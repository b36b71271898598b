/**
 * training data → training code → model → prediction code → predictions, as `podium lineage
 * --json` has always printed it (snake_case: the documented shape).
 */
import type { CodeVersion } from './registry.js';

export type TrainingDataLink = {
  dataset_id: string;
  file_name: string | null;
  snapshot_path: string | null;
  rows: number | null;
};

export type TrainingCodeLink = {
  run_id: string;
  /** run_lineage when the run recorded its lineage; otherwise only what the package manifest holds. */
  source: 'run_lineage' | 'manifest';
  code: CodeVersion | null;
  config_sha256: string | null;
  model_config_sha256: string;
  seeds: Record<string, number> | null;
  /** How the rows were split (type, column, probabilities) and the rows per part when known. */
  split: {
    config: { type: string; column?: string; probabilities: number[] };
    sizes?: { train: number; validation: number; test: number };
  } | null;
  library_versions: Record<string, string>;
  backend: string;
};

export type ModelLink = {
  name: string;
  version: number;
  stage: string;
  model_type: string;
  package_path: string;
  package_sha256: string;
  metrics: Record<string, number>;
  created_at: string;
};

export type PredictionLink = {
  id: string;
  prediction_code: { code: CodeVersion; library_versions: Record<string, string>; backend: string };
  input: { path: string; sha256: string };
  output: { path: string; sha256: string };
  rows: number;
  created_at: string;
};

export type LineageChain = {
  subject: { kind: 'version'; ref: string } | { kind: 'prediction'; id: string };
  training_data: TrainingDataLink;
  training_code: TrainingCodeLink;
  model: ModelLink;
  predictions: PredictionLink[];
};

export type LineageOperations = {
  /** A prediction's chain (`predictionId`), or a version's with every batch prediction made with it. */
  'lineage.get': {
    input: { predictionId: string } | { model?: string; version?: number };
    output: LineageChain;
  };
};
