import type { DateFormat } from '../data/index.js';
import type { VifSelection } from '../features/index.js';
import type { ModelVersion } from '../registry/index.js';
import type { ModelFamilyName } from '../training/types.js';
import type { DecisionRecord } from './decision-store.js';
import type { ComparisonSplit } from './model-comparison.js';
import type { ShadowTestReport } from './shadow-tests.js';

export type LifecycleProgress = {
  step: 'ingest' | 'train' | 'evaluate';
  current: number;
  total: number;
  message?: string;
  /** Within training: loading, preprocessing, fitting, evaluating or saving (epochs carry loss). */
  phase?: string;
  candidate?: string;
  candidateIndex?: number;
  candidateCount?: number;
  loss?: number;
  validationLoss?: number;
  secondsLeft?: number;
};

export type TrainChallengerOptions = {
  modelName?: string;
  target?: string;
  modelType?: 'auto' | ModelFamilyName;
  configFile?: string;
  seed?: number;
  autoEvaluate?: boolean;
  /** Date formats by column for reading the CSV, instead of inferring them. */
  dateFormats?: Record<string, DateFormat>;
  actor?: string;
  onProgress?: (progress: LifecycleProgress) => void;
  signal?: AbortSignal;
};

export type CompareModelsOptions = Omit<TrainChallengerOptions, 'modelType' | 'configFile'> & {
  /** time (default): oldest 80% train, newest 20% validate; random: a seeded 80/20 shuffle. */
  split?: ComparisonSplit;
  /** The date column a time split orders by (default: the first date column). */
  dateColumn?: string;
};

export type TrainChallengerResult = {
  version: ModelVersion;
  runId: string;
  /** The metric the best candidate was chosen on (validation split). */
  primaryMetric: string;
  candidates: {
    /** The model's name in a comparison ("linear regression", "gbm"); the family otherwise. */
    label: string;
    /** null when the model failed before it had a run's result. */
    runId: string | null;
    modelType: string;
    train: Record<string, number>;
    validation: Record<string, number>;
    test: Record<string, number>;
    /** The columns the model saw after feature engineering and selection. */
    features: string[];
    featureSelection?: VifSelection;
    /** Rows per split (absent for a model that failed). */
    splitSizes?: { train: number; validation: number; test: number };
    seconds: number;
    backend: string;
    chosen: boolean;
    status: 'chosen' | 'trained' | 'failed';
    error?: string;
  }[];
  decision: DecisionRecord | null;
};

export type LifecycleStatus = {
  model: string;
  task: string | null;
  target: string | null;
  champion: {
    version: number;
    model_type: string;
    metrics: Record<string, number>;
    since: string | null;
  } | null;
  challengers: { version: number; model_type: string; metrics: Record<string, number>; created_at: string }[];
  shadow_tests: {
    id: number;
    status: string;
    champion_version: number;
    challenger_version: number;
    duration_days: number;
    min_samples: number;
    decision_id: number;
    created_at: string;
    /** For running tests: pairs in, interval so far, pairs still needed, time left. */
    report?: ShadowTestReport;
  }[];
  decisions: {
    id: number;
    outcome: string;
    champion_version: number | null;
    challenger_version: number | null;
    reasons: string[];
    summary: string;
    created_at: string;
  }[];
};

export type CycleReport = {
  dryRun: boolean;
  plan: string[];
  trained: TrainChallengerResult[];
  decisions: DecisionRecord[];
  removedRuns: string[];
  status: LifecycleStatus;
};
