/** `podium cycle`: one lifecycle cycle run now, answered when it is done. */
import type { Decision, ShadowTestReport } from './lifecycle.js';
import type { TrainingResult } from './training.js';

/** A model's lifecycle at a glance, as `podium status --json` prints it (in snake_case). */
export type LifecycleStatusView = {
  model: string;
  task: string | null;
  target: string | null;
  champion: {
    version: number;
    modelType: string;
    metrics: Record<string, number>;
    since: string | null;
  } | null;
  challengers: { version: number; modelType: string; metrics: Record<string, number>; createdAt: string }[];
  shadowTests: {
    id: number;
    status: string;
    championVersion: number;
    challengerVersion: number;
    durationDays: number;
    minSamples: number;
    decisionId: number;
    createdAt: string;
    /** For running tests: pairs in, interval so far, pairs still needed, time left. */
    report?: ShadowTestReport;
  }[];
  decisions: {
    id: number;
    outcome: string;
    championVersion: number | null;
    challengerVersion: number | null;
    reasons: string[];
    summary: string;
    createdAt: string;
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
    input: { file?: string; dryRun?: boolean; model?: string };
    output: CycleRunReport;
  };
};
