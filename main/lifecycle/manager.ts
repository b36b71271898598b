import { basename, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readUserFile } from '../common/files.js';
import { joinModelRef, trainingModelName } from '../common/version-ref.js';
import type { CsvDialect } from '../contract/csv-dialect.js';
import { PodiumError } from '../contract/errors.js';
import { type DatasetStore, ingestCsv } from '../data/index.js';
import type { DatasetProfile } from '../data/types.js';
import { codeVersion, type RunLineageStore } from '../lineage/index.js';
import { type ModelVersion, modelRefs, type VersionStore } from '../registry/index.js';
import type { TrafficStore } from '../serving/traffic-store.js';
import type { RunStore } from '../tracking/index.js';
import {
  columnChoices,
  generateModelConfig,
  heldOutMetrics,
  METRIC_DIRECTION,
  parseModelConfig,
} from '../training/index.js';
import type { ModelConfig, ModelFamilyName } from '../training/types.js';
import type { Workspace } from '../workspace/index.js';
import { assertTrainingAllowed } from './approval-gate.js';
import type { AuditLog } from './audit-log.js';
import { type Candidate, CandidateTrainer, isCancel, prefixed } from './candidate-trainer.js';
import { type CycleOptions, runCycle } from './cycle.js';
import type { DecisionRecord, DecisionStore } from './decision-store.js';
import { evaluateChallenger } from './evaluate-challenger.js';
import { chooseMetrics } from './metric-choice.js';
import { type ComparedModel, comparisonModels } from './model-comparison.js';
import { Promotions } from './promotion.js';
import { registerVersion } from './register-version.js';
import type { ShadowTestStore } from './shadow-test-store.js';
import { ShadowTestService } from './shadow-tests.js';
import { lifecycleStatus } from './status.js';
import type {
  CompareModelsOptions,
  CycleReport,
  LifecycleStatus,
  TrainChallengerOptions,
  TrainChallengerResult,
} from './types.js';

/** The stores the lifecycle reads and writes; given by whoever opened the workspace. */
export type LifecycleStores = {
  datasets: DatasetStore;
  runs: RunStore;
  runLineage: RunLineageStore;
  versions: VersionStore;
  decisions: DecisionStore;
  shadowTests: ShadowTestStore;
  traffic: TrafficStore;
  audit: AuditLog;
};

/**
 * The champion/challenger lifecycle: train a challenger, score it against the champion on the
 * same held-out rows, decide, and record the decision with its evidence. It owns no storage of
 * its own; it composes the data, training, tracking and registry rooms through the stores it is
 * given, and hands none of them out: callers that read a store are given it themselves.
 */
export class ChampionChallengerManager {
  private readonly datasets: DatasetStore;
  private readonly runs: RunStore;
  private readonly versions: VersionStore;
  private readonly candidateTrainer: CandidateTrainer;
  readonly shadow: ShadowTestService;
  readonly promotions: Promotions;

  constructor(
    private readonly workspace: Workspace,
    private readonly stores: LifecycleStores,
  ) {
    const { runs, runLineage, versions, decisions, shadowTests, traffic, audit } = stores;
    this.datasets = stores.datasets;
    this.runs = runs;
    this.versions = versions;
    this.candidateTrainer = new CandidateTrainer(workspace, runs, runLineage);
    this.shadow = new ShadowTestService(workspace, versions, decisions, shadowTests, traffic, audit);
    this.promotions = new Promotions(workspace, versions, decisions, shadowTests, audit);
  }

  /**
   * How the data of a model's champion (without one, its newest version) was written: what a
   * later file of the same model falls back on where it cannot tell by itself.
   */
  trainingDialect(modelName: string): CsvDialect | null {
    const version = this.versions.champion(modelName) ?? this.versions.list(modelName)[0];
    return version === undefined ? null : (this.datasets.get(version.datasetId)?.dialect ?? null);
  }

  async trainChallenger(
    dataPath: string,
    options: TrainChallengerOptions = {},
  ): Promise<TrainChallengerResult> {
    const configFile = options.configFile ?? (this.workspace.config.training.model_config || undefined);
    const explicitConfig = configFile ? parseModelConfig(await readUserFile(configFile), configFile) : null;
    const modelType = options.modelType ?? this.workspace.config.training.model_type;
    return this.trainAndRegister(dataPath, options, {
      target: explicitConfig?.output_features[0].name,
      models: ({ profile, target, seed }) =>
        explicitConfig
          ? [{ label: explicitConfig.model_type, config: explicitConfig }]
          : (modelType === 'auto' ? (['linear', 'gbm', 'ecd'] as ModelFamilyName[]) : [modelType]).map(
              (type) => ({
                label: type,
                config: generateModelConfig(profile, target, { modelType: type, seed }),
              }),
            ),
      keepGoing: false,
    });
  }

  /**
   * `podium compare`: linear regression, elastic net, random forest, gbm and ecd on one split
   * (time-ordered 80/20 by default), each a run of its own; the best on validation is registered,
   * as the champion when the model has none. A model that fails is reported, not fatal.
   */
  async compareModels(dataPath: string, options: CompareModelsOptions = {}): Promise<TrainChallengerResult> {
    const split = options.split ?? 'time';
    const result = await this.trainAndRegister(
      dataPath,
      { ...options, autoEvaluate: false },
      {
        models: ({ profile, target, seed }) =>
          comparisonModels(profile, target, {
            split,
            seed,
            dateColumn: options.dateColumn,
            requestTimeDates: options.requestTimeDates,
          }),
        keepGoing: true,
      },
    );
    const hasChampion = this.versions.champion(result.version.modelName) !== null;
    if (!hasChampion || options.autoEvaluate) {
      result.decision = await this.evaluateChallenger(
        `${result.version.modelName}:${result.version.version}`,
        {
          actor: options.actor,
        },
      );
      result.version = this.versions.byId(result.version.id);
    }
    return result;
  }

  private async trainAndRegister(
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
    assertTrainingAllowed(this.workspace, plan.keepGoing ? 'compare' : 'train');
    const { config, logger } = this.workspace;
    const modelName = trainingModelName(options.modelName, config.training.model_name, dataPath);
    const progress = options.onProgress ?? (() => {});
    const existing = this.versions.modelTask(modelName);
    const target = options.target ?? plan.target ?? existing?.target ?? config.data.target_column;

    progress({ step: 'ingest', current: 0, total: 1, message: `Reading ${dataPath}` });
    const snapshot = this.datasets.record(
      await ingestCsv(resolve(dataPath), {
        datasetsDir: this.workspace.paths.datasets,
        target,
        sourceName: basename(dataPath),
        dateFormats: options.dateFormats,
        dialect: options.dialect,
        // A date column this file cannot decide is read as the model's earlier data was.
        fallbackDateFormats: this.trainingDialect(modelName)?.dateFormats,
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
        ? this.runs.start({
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
          const candidate = await this.candidateTrainer.train({
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
        this.runs.end(parentRunId, isCancel(error) ? 'cancelled' : 'failed', (error as Error).message);
      throw error;
    }

    const primary = chooseMetrics(task, config.champion_challenger).primary;
    const best = pickBest(
      trained.map((t) => t.candidate),
      primary,
    );
    if (parentRunId) {
      this.runs.logMetrics(parentRunId, prefixed(heldOutMetrics(best.result), 'test_'));
      this.runs.setTags(parentRunId, {
        chosen_model_type: best.config.model_type,
        chosen_run_id: best.runId,
      });
      this.runs.end(parentRunId, 'finished');
    }
    const version = await registerVersion(
      { workspace: this.workspace, versions: this.versions },
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
          ...(candidate.result.featureSelection
            ? { featureSelection: candidate.result.featureSelection }
            : {}),
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
      result.decision = await this.evaluateChallenger(`${modelName}:${version.version}`, {
        actor: options.actor,
      });
      result.version = this.versions.byId(version.id);
      progress({ step: 'evaluate', current: 1, total: 1, message: result.decision.summary });
    }
    return result;
  }

  /** Resolves "3", "v3", "name:3", "name@3" or "name:champion" to a registered version. */
  resolveVersion(ref: string, modelName?: string): ModelVersion {
    return modelRefs(this.versions, this.workspace).version({ model: joinModelRef(modelName, ref) });
  }

  async evaluateChallenger(ref: string, options: { actor?: string } = {}): Promise<DecisionRecord> {
    return evaluateChallenger(
      { workspace: this.workspace, ...this.stores },
      this.resolveVersion(ref),
      options.actor ?? 'podium',
    );
  }

  runCycle(options: CycleOptions = {}): Promise<CycleReport> {
    return runCycle({ manager: this, workspace: this.workspace, stores: this.stores }, options);
  }

  getStatus(modelName?: string): LifecycleStatus {
    return lifecycleStatus(
      { stores: this.stores, shadow: this.shadow },
      modelName ?? modelRefs(this.versions, this.workspace).name(undefined),
    );
  }
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
