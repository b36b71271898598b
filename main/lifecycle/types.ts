import type {
  CandidateResult,
  ColumnChoice,
  CsvDialectOptions,
  LifecycleStatusView,
} from '../contract/index.js';
import type { DateFormat } from '../data/index.js';
import type { ModelVersion } from '../registry/index.js';
import type { ModelFamilyName } from '../training/types.js';
import type { DecisionRecord } from './decision-store.js';
import type { ComparisonSplit } from './model-comparison.js';

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
  /** How the CSV is written, where the user said so: separator, decimal mark, date formats. */
  dialect?: CsvDialectOptions;
  actor?: string;
  onProgress?: (progress: LifecycleProgress) => void;
  signal?: AbortSignal;
};

export type CompareModelsOptions = Omit<TrainChallengerOptions, 'modelType' | 'configFile'> & {
  /** time (default): oldest 80% train, newest 20% validate; random: a seeded 80/20 shuffle. */
  split?: ComparisonSplit;
  /** The date column a time split orders by (default: the first date column). */
  dateColumn?: string;
  /** Date columns a prediction request may leave out (they default to the request's day). */
  requestTimeDates?: readonly string[];
};

export type TrainChallengerResult = {
  version: ModelVersion;
  runId: string;
  /** The metric the best candidate was chosen on (validation split). */
  primaryMetric: string;
  candidates: CandidateResult[];
  decision: DecisionRecord | null;
  /** Columns left out and dates read as parts (see training/column-choices.ts). */
  columns: ColumnChoice[];
};

/** The contract's snake_case status view (`podium status --json`). */
export type LifecycleStatus = LifecycleStatusView;

export type CycleReport = {
  dryRun: boolean;
  plan: string[];
  trained: TrainChallengerResult[];
  decisions: DecisionRecord[];
  removedRuns: string[];
  status: LifecycleStatus;
};
