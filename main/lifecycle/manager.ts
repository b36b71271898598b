import { readUserFile } from '../common/files.js';
import { joinModelRef } from '../common/version-ref.js';
import type { CsvDialect } from '../contract/csv-dialect.js';
import type { DatasetStore } from '../data/dataset-store.js';
import type { RunLineageStore } from '../lineage/run-lineage-store.js';
import { modelRefs } from '../registry/model-refs.js';
import type { ModelVersion, VersionStore } from '../registry/versions.js';
import type { TrafficStore } from '../serving/traffic-store.js';
import type { RunStore } from '../tracking/runs.js';
import type { ModelFamilyName } from '../training/types.js';
import type { Workspace } from '../workspace/index.js';
import type { AuditLog } from './audit-log.js';
import type { CycleOptions } from './cycle.js';
import type { DecisionRecord, DecisionStore } from './decision-store.js';
import { Promotions } from './promotion.js';
import type { ShadowTestStore } from './shadow-test-store.js';
import { ShadowTestService } from './shadow-tests.js';
import { lifecycleStatus } from './status.js';
import type { TrainAndRegisterDeps } from './train-and-register.js';
import type {
  CompareModelsOptions,
  CycleReport,
  LifecycleStatus,
  TrainChallengerOptions,
  TrainChallengerResult,
} from './types.js';

// Training, evaluation and the cycle (the model families, ONNX, the ingest) are imported by the
// methods that run them: the API builds a manager for every command, most of which read stores
// and never train (issue 16).
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
  private readonly versions: VersionStore;
  readonly shadow: ShadowTestService;
  readonly promotions: Promotions;

  constructor(
    private readonly workspace: Workspace,
    private readonly stores: LifecycleStores,
  ) {
    const { versions, decisions, shadowTests, traffic, audit } = stores;
    this.datasets = stores.datasets;
    this.versions = versions;
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
    const { generateModelConfig, parseModelConfig } = await import('../training/index.js');
    const explicitConfig = configFile ? parseModelConfig(await readUserFile(configFile), configFile) : null;
    const modelType = options.modelType ?? this.workspace.config.training.model_type;
    const { trainAndRegister } = await import('./train-and-register.js');
    return trainAndRegister(this.trainingDeps(), dataPath, options, {
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
    const { comparisonModels } = await import('./model-comparison.js');
    const { trainAndRegister } = await import('./train-and-register.js');
    const result = await trainAndRegister(
      this.trainingDeps(),
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

  /** Resolves "3", "v3", "name:3", "name@3" or "name:champion" to a registered version. */
  resolveVersion(ref: string, modelName?: string): ModelVersion {
    return modelRefs(this.versions, this.workspace).version({ model: joinModelRef(modelName, ref) });
  }

  private trainingDeps(): TrainAndRegisterDeps {
    return {
      workspace: this.workspace,
      stores: this.stores,
      trainingDialect: (modelName) => this.trainingDialect(modelName),
      evaluateChallenger: (ref, options) => this.evaluateChallenger(ref, options),
    };
  }

  async evaluateChallenger(ref: string, options: { actor?: string } = {}): Promise<DecisionRecord> {
    const { evaluateChallenger } = await import('./evaluate-challenger.js');
    return evaluateChallenger(
      { workspace: this.workspace, ...this.stores },
      this.resolveVersion(ref),
      options.actor ?? 'podium',
    );
  }

  async runCycle(options: CycleOptions = {}): Promise<CycleReport> {
    const { runCycle } = await import('./cycle.js');
    return runCycle({ manager: this, workspace: this.workspace, stores: this.stores }, options);
  }

  getStatus(modelName?: string): LifecycleStatus {
    return lifecycleStatus(
      { stores: this.stores, shadow: this.shadow },
      modelName ?? modelRefs(this.versions, this.workspace).name(undefined),
    );
  }
}
