/** `podium cycle`: one lifecycle cycle run now, answered when it is done. */
import type { CsvDialectOptions } from './csv-dialect.js';
import type { Decision, ShadowTestReport } from './lifecycle.js';
import type { TrainingResult } from './training.js';

/** A model's lifecycle at a glance, in the snake_case shape `podium status --json` prints. */
export type LifecycleStatusView = {
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

export type CycleRunReport = {
  dryRun: boolean;
  /** What the cycle did (or, in a dry run, would do), one step a line. */
  plan: string[];
  trained: TrainingResult[];
  decisions: Decision[];
  removedRuns: string[];
  status: LifecycleStatusView;
};

export type CycleOperations = {
  /**
   * Trains a challenger on new data (`file` on this machine, or new files in data.incoming_dir),
   * compares, decides and cleans up, under the lifecycle lease the scheduler takes too; progress
   * arrives as `operation.progress`. A dry run changes nothing and takes no lease.
   */
  'cycle.run': {
    /** `dialect`: how `file` is written, instead of detecting it. */
    input: { file?: string; dryRun?: boolean; model?: string; dialect?: CsvDialectOptions };
    output: CycleRunReport;
  };
};
