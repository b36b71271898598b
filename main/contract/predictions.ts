/** Batch predictions and reproductions of a version: work on files on this machine's disk. */
import type { CsvDialectOptions } from './csv-dialect.js';

/** One recorded batch prediction (`podium predict`). */
export type BatchPrediction = {
  id: string;
  model: string;
  version: number;
  input: { path: string; sha256: string };
  output: { path: string; sha256: string };
  rows: number;
  backend: string;
  createdAt: string;
  /** Rows left out because the model cannot read a value of theirs (skipBadRows), with the first lines. */
  skipped: { rows: number; examples: string[] };
};

/** A registered metric the retrained model did not match (actual null: it did not report it). */
export type MetricDifference = { metric: string; expected: number; actual: number | null };

/** A version retrained from its recorded snapshot, config and seed, compared exactly. */
export type Reproduction = {
  model: string;
  version: number;
  dataset: { id: string; path: string };
  modelConfigPath: string;
  seed: number;
  /** The registered (held-out test) metrics and the retrained ones. */
  expected: Record<string, number>;
  actual: Record<string, number>;
  matches: boolean;
  differences: MetricDifference[];
  backend: { recorded: string; current: string };
  libraryDifferences: { name: string; recorded: string | null; current: string | null }[];
  /** Why the metrics may differ; empty when they match. */
  reasons: string[];
  seconds: number;
};

export type PredictionOperations = {
  /**
   * Scores a CSV with a version (`version` absent: the model's champion) and records the batch
   * prediction in lineage; paths are absolute.
   */
  'predict.file': {
    input: {
      model?: string;
      version?: number;
      input: string;
      output: string;
      /** How the input is written, instead of detecting it. */
      dialect?: CsvDialectOptions;
      /** Separator and decimal mark of the output; by default the input's. */
      outputDialect?: Pick<CsvDialectOptions, 'delimiter' | 'decimal'>;
      /** Write the rows the model can read instead of refusing a file with others. */
      skipBadRows?: boolean;
    };
    output: BatchPrediction;
  };
  /** Retrains the version into a temporary folder and compares its held-out metrics exactly. */
  'versions.reproduce': { input: { model?: string; version?: number }; output: Reproduction };
  /** Writes a standalone shell script that retrains the version (absolute path). */
  'versions.reproduceScript': {
    input: { model?: string; version?: number; file: string };
    output: { script: string; model: string; version: number };
  };
};
