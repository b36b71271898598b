import { basename, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { trainingModelName } from '../common/version-ref.js';
import type { CsvDialect } from '../contract/csv-dialect.js';
import { PodiumError } from '../contract/errors.js';
import { ingestCsv } from '../data/ingest-off-thread.js';
import type { DatasetProfile } from '../data/types.js';
import { codeVersion } from '../lineage/code-version.js';
import { columnChoices, heldOutMetrics, METRIC_DIRECTION } from '../training/index.js';
import type { ModelConfig } from '../training/types.js';
import type { Workspace } from '../workspace/index.js';
import { assertTrainingAllowed } from './approval-gate.js';
import { type Candidate, CandidateTrainer, isCancel, prefixed } from './candidate-trainer.js';
import type { DecisionRecord } from './decision-store.js';
import type { LifecycleStores } from './manager.js';
import { chooseMetrics } from './metric-choice.js';
import type { ComparedModel } from './model-comparison.js';
import { registerVersion } from './register-version.js';
import type { TrainChallengerOptions, TrainChallengerResult } from './types.js';

/** What training for the manager reads and writes. */
export type TrainAndRegisterDeps = {
  workspace: Workspace;
  stores: Pick<LifecycleStores, 'datasets' | 'runs' | 'runLineage' | 'versions'>;
  trainingDialect: (modelName: string) => CsvDialect | null;
  evaluateChallenger: (ref: string, options: { actor?: string }) => Promise<DecisionRecord>;
};

/**
 * `podium train` and `podium compare`: ingest the file, train each planned model as a run,
 * register the best on validation and (when asked) evaluate it against the champion. The
 * manager loads this file on the first such call, so the model families, ONNX and the ingest
 * are not loaded by every command that opens the API (issue 16).
 */
export async function trainAndRegister(
  deps: TrainAndRegisterDeps,
  dataPath: string,
  options: TrainChallengerOptions,
  plan: {
    /** The target a model config names, if one was given. */
    target?: string;
    models: (input: { profile: DatasetProfile; target: string; seed: number }) => ComparedModel[];
    /** Go on to the next model when one fails (compare) rather than stop (train). */
    keepGoing: boolean;
  },
): Promise<TrainChallengerResult> {
  const candidateTrainer = new CandidateTrainer(deps.workspace, deps.stores.runs, deps.stores.runLineage);
  assertTrainingAllowed(deps.workspace, plan.keepGoing ? 'compare' : 'train');
  const { config, logger } = deps.workspace;
  const modelName = trainingModelName(options.modelName, config.training.model_name, dataPath);
  const progress = options.onProgress ?? (() => {});
  const existing = deps.stores.versions.modelTask(modelName);
  const target = options.target ?? plan.target ?? existing?.target ?? config.data.target_column;

  progress({ step: 'ingest', current: 0, total: 1, message: `Reading ${dataPath}` });
  const snapshot = deps.stores.datasets.record(
    await ingestCsv(resolve(dataPath), {
      datasetsDir: deps.workspace.paths.datasets,
      target,
      sourceName: basename(dataPath),
      dateFormats: options.dateFormats,
      dialect: options.dialect,
      // A date column this file cannot decide is read as the model's earlier data was.
      fallbackDateFormats: deps.trainingDialect(modelName)?.dateFormats,
    }),
  );
  progress({
    step: 'ingest',
    current: 1,
    total: 1,
    message: `Dataset ${snapshot.id.slice(0, 12)} (${snapshot.profile.rows} rows)`,
  });

  const seed = options.seed ?? config.training.seed;
  const code = await codeVersion(process.cwd());
  const models = plan.models({ profile: snapshot.profile, target, seed });
  const task = models[0].config.output_features[0].type;
  if (existing && (existing.task !== task || existing.target !== target)) {
    throw new PodiumError(
      'CONFLICT',
      `Model ${modelName} predicts ${existing.target} (${existing.task}); this data gives ${target} (${task}). Use another --model name.`,
      { model: modelName },
    );
  }

  const experiment = config.tracking.experiment_name;
  const parentRunId =
    models.length > 1
      ? deps.stores.runs.start({
          experiment,
          name: `${modelName} ${plan.keepGoing ? 'compare' : 'auto'} (${models.map((m) => m.label).join(' vs ')})`,
          datasetId: snapshot.id,
          params: { model_type: plan.keepGoing ? 'compare' : 'auto', target, seed },
          tags: { model_name: modelName, task },
        })
      : null;
  const trained: { label: string; candidate: Candidate }[] = [];
  const failed: { label: string; config: ModelConfig; error: string; seconds: number }[] = [];
  try {
    for (const [index, model] of models.entries()) {
      const started = performance.now();
      try {
        const candidate = await candidateTrainer.train({
          modelName,
          label: model.label,
          snapshot,
          modelConfig: model.config,
          code,
          parentRunId,
          options,
          index,
          count: models.length,
        });
        trained.push({ label: model.label, candidate });
      } catch (error) {
        if (!plan.keepGoing || isCancel(error)) throw error;
        logger.warn({ model: modelName, candidate: model.label, err: error }, 'candidate failed');
        failed.push({
          label: model.label,
          config: model.config,
          error: (error as Error).message,
          seconds: (performance.now() - started) / 1000,
        });
      }
    }
    if (trained.length === 0) {
      throw new PodiumError(
        'TRAINING_FAILED',
        `Every model failed: ${failed.map((f) => `${f.label}: ${f.error}`).join('; ')}`,
        { failures: failed.map(({ label, error }) => ({ model: label, error })) },
      );
    }
  } catch (error) {
    if (parentRunId)
      deps.stores.runs.end(parentRunId, isCancel(error) ? 'cancelled' : 'failed', (error as Error).message);
    throw error;
  }

  const primary = chooseMetrics(task, config.champion_challenger).primary;
  const best = pickBest(
    trained.map((t) => t.candidate),
    primary,
  );
  if (parentRunId) {
    deps.stores.runs.logMetrics(parentRunId, prefixed(heldOutMetrics(best.result), 'test_'));
    deps.stores.runs.setTags(parentRunId, {
      chosen_model_type: best.config.model_type,
      chosen_run_id: best.runId,
    });
    deps.stores.runs.end(parentRunId, 'finished');
  }
  const version = await registerVersion(
    { workspace: deps.workspace, versions: deps.stores.versions },
    { modelName, target, task, snapshot, candidate: best },
  );
  logger.info({ model: modelName, version: version.version, run: best.runId }, 'challenger registered');
  const result: TrainChallengerResult = {
    version,
    runId: parentRunId ?? best.candidateRunId,
    primaryMetric: primary,
    columns: columnChoices(snapshot.profile, best.config, best.result.features),
    candidates: [
      ...trained.map(({ label, candidate }) => ({
        label,
        runId: candidate.runId,
        modelType: candidate.config.model_type,
        train: candidate.result.metrics.train,
        validation: candidate.result.metrics.validation,
        test: candidate.result.metrics.test,
        features: candidate.result.features,
        splitSizes: candidate.result.splitSizes,
        ...(candidate.result.featureSelection ? { featureSelection: candidate.result.featureSelection } : {}),
        seconds: candidate.result.seconds,
        backend: candidate.result.backend,
        chosen: candidate === best,
        status: candidate === best ? ('chosen' as const) : ('trained' as const),
      })),
      ...failed.map(({ label, config: failedConfig, error, seconds }) => ({
        label,
        runId: null,
        modelType: failedConfig.model_type,
        train: {},
        validation: {},
        test: {},
        features: [],
        seconds,
        backend: '',
        chosen: false,
        status: 'failed' as const,
        error,
      })),
    ],
    decision: null,
  };
  if (options.autoEvaluate) {
    progress({ step: 'evaluate', current: 0, total: 1, message: 'Comparing with the champion' });
    result.decision = await deps.evaluateChallenger(`${modelName}:${version.version}`, {
      actor: options.actor,
    });
    result.version = deps.stores.versions.byId(version.id);
    progress({ step: 'evaluate', current: 1, total: 1, message: result.decision.summary });
  }
  return result;
}

function pickBest(candidates: Candidate[], primary: string): Candidate {
  const direction = METRIC_DIRECTION[primary] ?? 'higher';
  const score = (c: Candidate): number => {
    const value = c.result.metrics.validation[primary];
    if (!Number.isFinite(value)) return Number.NEGATIVE_INFINITY;
    return direction === 'higher' ? value : -value;
  };
  return candidates.reduce((best, candidate) => (score(candidate) > score(best) ? candidate : best));
}
