import { join } from 'node:path';
import { libraryVersions } from '../common/index.js';
import { PodiumError } from '../contract/errors.js';
import type { StoredDataset } from '../data/index.js';
import { type CodeVersion, type RunLineageStore, recordRunLineage } from '../lineage/index.js';
import type { RunStore } from '../tracking/index.js';
import { runHyperopt, type TrainingProgress, type TrainingResult, trainModel } from '../training/index.js';
import type { ModelConfig } from '../training/types.js';
import type { Workspace } from '../workspace/index.js';
import type { TrainChallengerOptions } from './types.js';

/** runId: the run that produced the package; candidateRunId: the candidate's own run (a search's parent). */
export type Candidate = {
  runId: string;
  candidateRunId: string;
  config: ModelConfig;
  packageDir: string;
  result: TrainingResult;
};

/**
 * Trains one candidate as a tracked run: the run with its parameters, per-epoch metrics, final
 * metrics and lineage, a hyperparameter search as child runs when the config has one, and the
 * run ended as finished, failed or cancelled whatever happens.
 */
export class CandidateTrainer {
  constructor(
    private readonly workspace: Workspace,
    private readonly runs: RunStore,
    private readonly runLineage: RunLineageStore,
  ) {}

  async train(input: {
    modelName: string;
    label: string;
    snapshot: StoredDataset;
    modelConfig: ModelConfig;
    code: CodeVersion;
    parentRunId: string | null;
    options: TrainChallengerOptions;
    index: number;
    count: number;
  }): Promise<Candidate> {
    const { modelConfig, snapshot } = input;
    const runId = this.runs.start({
      experiment: this.workspace.config.tracking.experiment_name,
      name: `${input.modelName} ${input.label}`,
      parentRunId: input.parentRunId,
      datasetId: snapshot.id,
      params: flattenConfig(modelConfig),
      tags: {
        model_name: input.modelName,
        model_type: modelConfig.model_type,
        task: modelConfig.output_features[0].type,
      },
    });
    const runDir = join(this.workspace.paths.runs, runId);
    const packageDir = join(runDir, 'package');
    this.runs.setArtifactDir(runId, runDir);
    const request = {
      config: modelConfig,
      datasetPath: snapshot.path,
      profile: snapshot.profile,
      dialect: snapshot.dialect,
      packageDir,
    };
    try {
      if (modelConfig.hyperopt) {
        const best = await this.search(runId, input, request);
        this.recordResult(runId, best.result, { code: input.code, snapshot, modelConfig: best.config });
        this.runs.end(runId, 'finished');
        return best;
      }
      const result = await trainModel(request, {
        signal: input.options.signal,
        onProgress: this.progressRecorder(runId, input.label, input),
      });
      this.recordResult(runId, result, { code: input.code, snapshot, modelConfig });
      this.runs.end(runId, 'finished');
      return { runId, candidateRunId: runId, config: modelConfig, packageDir, result };
    } catch (error) {
      this.runs.end(runId, isCancel(error) ? 'cancelled' : 'failed', (error as Error).message);
      throw error;
    }
  }

  /** Hyperparameter search: every trial is a child run of the candidate's run. */
  private async search(
    parentRunId: string,
    input: {
      modelName: string;
      snapshot: StoredDataset;
      code: CodeVersion;
      options: TrainChallengerOptions;
      index: number;
      count: number;
    },
    request: Parameters<typeof runHyperopt>[0],
  ): Promise<Candidate> {
    const trialRuns = new Map<number, string>();
    const type = request.config.model_type;
    const search = await runHyperopt(request, {
      signal: input.options.signal,
      packageDirFor: ({ index, params }) => {
        const trialRunId = this.runs.start({
          experiment: this.workspace.config.tracking.experiment_name,
          name: `${input.modelName} ${type} trial ${index + 1}`,
          parentRunId,
          datasetId: input.snapshot.id,
          params: { ...flattenConfig(request.config), ...params },
          tags: { model_name: input.modelName, model_type: type, trial: String(index + 1) },
        });
        trialRuns.set(index, trialRunId);
        const dir = join(this.workspace.paths.runs, trialRunId);
        this.runs.setArtifactDir(trialRunId, dir);
        return join(dir, 'package');
      },
      onProgress: (event, trial) => {
        const trialRunId = trialRuns.get(trial.index);
        if (trialRunId)
          this.progressRecorder(trialRunId, `${type} trial ${trial.index + 1}/${trial.total}`, input)(event);
      },
      onTrial: (trial) => {
        const trialRunId = trialRuns.get(trial.index);
        if (!trialRunId) return;
        if (trial.result) {
          this.recordResult(trialRunId, trial.result, {
            code: input.code,
            snapshot: input.snapshot,
            modelConfig: trial.config,
          });
          this.runs.end(trialRunId, 'finished');
        } else this.runs.end(trialRunId, 'failed', trial.error?.message ?? 'trial failed');
      },
    });
    this.runs.setTags(parentRunId, {
      best_trial: String(search.best.index + 1),
      best_trial_run_id: trialRuns.get(search.best.index) ?? '',
      hyperopt_metric: search.metric,
    });
    return {
      runId: trialRuns.get(search.best.index) ?? parentRunId,
      candidateRunId: parentRunId,
      config: search.best.config,
      packageDir: search.best.packageDir,
      result: search.best.result,
    };
  }

  private progressRecorder(
    runId: string,
    label: string,
    input: { options: TrainChallengerOptions; index: number; count: number },
  ): (event: TrainingProgress) => void {
    return (event) => {
      const base = {
        step: 'train' as const,
        candidate: label,
        candidateIndex: input.index,
        candidateCount: input.count,
      };
      if (event.step !== 'epoch') {
        input.options.onProgress?.({ ...base, current: 0, total: 0, phase: event.step });
        return;
      }
      this.runs.logMetrics(runId, { loss: event.loss, validation_loss: event.validationLoss }, event.current);
      input.options.onProgress?.({
        ...base,
        current: event.current,
        total: event.total,
        loss: event.loss,
        validationLoss: event.validationLoss,
        secondsLeft: event.secondsLeft,
      });
    };
  }

  /** Final metrics and, for reproduction and audit, the run's lineage (code, data, config, seeds, backend). */
  private recordResult(
    runId: string,
    result: TrainingResult,
    lineage: { code: CodeVersion; snapshot: StoredDataset; modelConfig: ModelConfig },
  ): void {
    recordRunLineage(
      this.runLineage,
      runId,
      {
        code: lineage.code,
        config: this.workspace.config,
        modelConfig: lineage.modelConfig,
        datasetId: lineage.snapshot.id,
        split: { config: lineage.modelConfig.preprocessing.split, sizes: result.splitSizes },
        seeds: { model: lineage.modelConfig.seed, split: lineage.modelConfig.seed },
        libraryVersions: libraryVersions(),
        backend: result.backend,
      },
      this.workspace.clock,
    );
    this.runs.logMetrics(runId, {
      ...prefixed(result.metrics.train, 'train_'),
      ...prefixed(result.metrics.validation, 'validation_'),
      ...prefixed(result.metrics.test, 'test_'),
      training_seconds: result.seconds,
    });
    this.runs.setTags(runId, { backend: result.backend, stopped_early: String(result.stoppedEarly) });
    this.runs.logParams(runId, { split_sizes: result.splitSizes });
  }
}

export function isCancel(error: unknown): boolean {
  return error instanceof PodiumError && error.code === 'CANCELLED';
}

export function prefixed(metrics: Record<string, number>, prefix: string): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).map(([key, value]) => [`${prefix}${key}`, value]));
}

function flattenConfig(config: ModelConfig): Record<string, unknown> {
  return {
    model_type: config.model_type,
    target: config.output_features[0].name,
    task: config.output_features[0].type,
    input_features: config.input_features.map((f) => `${f.name}:${f.type}`).join(','),
    'combiner.fc_layers': config.combiner.fc_layers.map((l) => l.output_size).join(','),
    'combiner.dropout': config.combiner.dropout,
    ...Object.fromEntries(Object.entries(config.trainer).map(([key, value]) => [`trainer.${key}`, value])),
    split: config.preprocessing.split,
    seed: config.seed,
  };
}
