import type { ModelVersion } from '../registry/index.js';
import type { ModelFamilyName } from '../training/types.js';
import type { DecisionRecord } from './decision-store.js';
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
  actor?: string;
  onProgress?: (progress: LifecycleProgress) => void;
  signal?: AbortSignal;
};

export type TrainChallengerResult = {
  version: ModelVersion;
  runId: string;
  candidates: {
    runId: string;
    modelType: string;
    validation: Record<string, number>;
    test: Record<string, number>;
    seconds: number;
    backend: string;
    chosen: boolean;
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
