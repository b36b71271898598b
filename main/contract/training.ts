import type { JobStarted, Metrics, ModelTypeChoice } from './common.js';
import type { CsvDialectOptions } from './csv-dialect.js';
import type { DateFormat } from './date-formats.js';
import type { Decision } from './lifecycle.js';
import type { ModelVersion } from './registry.js';

export type RunStatus = 'running' | 'finished' | 'failed' | 'cancelled';

export type Run = {
  id: string;
  experimentId: number;
  experimentName: string;
  parentRunId: string | null;
  name: string;
  status: RunStatus;
  datasetId: string | null;
  artifactDir: string | null;
  error: string | null;
  startedAt: string;
  endedAt: string | null;
  params: Record<string, string>;
  tags: Record<string, string>;
  /** Final metrics. */
  metrics: Metrics;
};

export type MetricPoint = { step: number; value: number };
/** Metric key → points by epoch (step), oldest first. */
export type MetricHistory = Record<string, MetricPoint[]>;

export type RunDetail = { run: Run; history: MetricHistory; children: Run[] };

export type RunComparison = {
  runs: Run[];
  /** Union of the runs' param and metric keys, sorted, for a side-by-side table. */
  paramKeys: string[];
  metricKeys: string[];
  /** Run id → its metric history. */
  histories: Record<string, MetricHistory>;
};

/** Columns a linear model dropped for collinearity (variance inflation factor above the threshold). */
export type VifSelection = {
  method: 'vif';
  threshold: number;
  /** In the order they were dropped; constant columns (VIF null) first. */
  dropped: { name: string; vif: number | null; reason: 'constant' | 'vif' }[];
  kept: { name: string; vif: number | null }[];
};

/** One model in a training or comparison result (`podium compare`'s table rows). */
export type CandidateResult = {
  /** The model's name in a comparison ("linear regression", "gbm"); the family otherwise. */
  label: string;
  /** null when the model failed before it had a run's result. */
  runId: string | null;
  modelType: string;
  train: Metrics;
  validation: Metrics;
  test: Metrics;
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
};

/** What a `train` or `compare` job's `job.done` event carries. */
/** What training decided about a column that is not a plain input: left out (and why), or read as date parts. */
export type ColumnChoice = {
  column: string;
  choice: 'left_out' | 'date_parts';
  reason: string;
  /** The calendar parts a date column became. */
  parts?: string[];
};

export type TrainingResult = {
  model: string;
  version: ModelVersion;
  runId: string;
  primaryMetric: string;
  candidates: CandidateResult[];
  decision: Decision | null;
  /** The columns left out and the dates turned into parts, in the data's column order. */
  columns: ColumnChoice[];
};

export type TrainingOperations = {
  /** The declarative model config (YAML) the trainer would use, for editing beside the form. */
  'train.template': {
    input: { datasetId: string; target: string; modelType: ModelTypeChoice };
    output: { yaml: string };
  };
  /** Trains a challenger in the background; progress per epoch arrives as `job.progress`. */
  'train.start': {
    input: {
      datasetId: string;
      target: string;
      modelType: ModelTypeChoice;
      configYaml?: string;
      /** Registry model name; default: the workspace's default model. */
      model?: string;
      seed?: number;
      /** Compare with the champion and store a decision right after training. */
      autoEvaluate?: boolean;
    };
    output: JobStarted;
  };
  /**
   * The CLI's `podium train`: reads a CSV (and a model config file) from this machine's disk,
   * trains in the background like `train.start`; defaults come from the workspace's config.
   */
  'train.fromFile': {
    input: {
      /** Absolute path of the CSV. */
      file: string;
      target?: string;
      modelType?: ModelTypeChoice;
      /** Absolute path of a model config YAML. */
      configFile?: string;
      /** Column → date format (e.g. `MM/DD/YYYY`), instead of inferring it. */
      dateFormats?: Record<string, DateFormat>;
      /** Separator, decimal mark and date formats of the file, instead of detecting them. */
      dialect?: CsvDialectOptions;
      model?: string;
      autoEvaluate?: boolean;
    };
    output: JobStarted;
  };
  'runs.list': { input: { experiment?: string; limit?: number }; output: Run[] };
  'runs.get': { input: { runId: string }; output: RunDetail };
  'runs.compare': { input: { runIds: string[] }; output: RunComparison };
  /** `podium compare`: every model type on one split; the table arrives in `job.done`. */
  'models.compare': {
    input: {
      /** A stored dataset, or `file`: a CSV on this machine (the CLI's `--data`). */
      datasetId?: string;
      file?: string;
      /** Read these date columns in this format instead of inferring it. */
      dateFormats?: Record<string, DateFormat>;
      /** Separator, decimal mark and date formats of `file`, instead of detecting them. */
      dialect?: CsvDialectOptions;
      /** Compare the best with the champion right after, storing a decision. */
      autoEvaluate?: boolean;
      /** Default: the config's data.target_column. */
      target?: string;
      split: 'time' | 'random';
      dateColumn?: string;
      model?: string;
      seed?: number;
    };
    output: JobStarted;
  };
};
