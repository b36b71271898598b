import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { trainingModelName } from '../common/version-ref.js';
import { defineOperation } from '../contract/define-operation.js';
import { PodiumError } from '../contract/errors.js';
import type { DomainHandlers, TrainingResult } from '../contract/index.js';
import type { DatasetStore } from '../data/index.js';
import type { JobRunner } from '../jobs/index.js';
import { toJobProgress } from '../jobs/training-progress.js';
import type { ChampionChallengerManager, TrainChallengerResult } from '../lifecycle/index.js';
import type { Workspace } from '../workspace/index.js';
import { generateModelConfig, parseModelConfig, stringifyModelConfig } from './index.js';

export function trainingHandlers(context: {
  workspace: Workspace;
  actor: string;
  manager: Pick<ChampionChallengerManager, 'trainChallenger' | 'compareModels'>;
  jobs: Pick<JobRunner, 'start'>;
  stores: { datasets: DatasetStore };
}): DomainHandlers<'train.template' | 'train.start' | 'train.fromFile' | 'models.compare'> {
  const { workspace, manager, jobs, actor } = context;
  const { datasets } = context.stores;
  const dataset = (datasetId: string) => {
    const found = datasets.get(datasetId);
    if (!found) throw new PodiumError('NOT_FOUND', `No dataset with id ${datasetId}`, { field: 'datasetId' });
    return found;
  };
  return {
    'train.template': defineOperation('train.template', ({ datasetId, target, modelType: type }) => {
      const { profile } = dataset(datasetId);
      // `auto` trains several families; the template shows the first one it would try.
      const family = type === 'auto' ? 'linear' : type;
      const config = generateModelConfig(profile, target, {
        modelType: family,
        seed: workspace.config.training.seed,
      });
      return { yaml: stringifyModelConfig(config) };
    }),
    'train.fromFile': defineOperation('train.fromFile', (input) => {
      const modelName = trainingModelName(input.model, workspace.config.training.model_name, input.file);
      const job = jobs.start('train', `train on ${basename(input.file)} → ${modelName}`, async (control) =>
        toTrainingResult(
          // The manager reads the file itself: the target, the date formats and the refusal in
          // prod apply exactly as for any training, and missing columns are named there.
          await manager.trainChallenger(input.file, {
            modelName,
            target: input.target,
            modelType: input.modelType,
            configFile: input.configFile,
            dateFormats: input.dateFormats,
            dialect: input.dialect,
            autoEvaluate: input.autoEvaluate ?? false,
            actor,
            onProgress: (progress) => control.progress(toJobProgress(progress)),
            signal: control.signal,
          }),
        ),
      );
      return { jobId: job.jobId };
    }),
    'train.start': defineOperation('train.start', async (input) => {
      const snapshot = dataset(input.datasetId);
      if (!snapshot.profile.columns.some((c) => c.name === input.target)) {
        throw new PodiumError(
          'USAGE',
          `train.start: target: "${input.target}" is not a column of ${snapshot.sourceName}`,
          { field: 'target', columns: snapshot.profile.columns.map((c) => c.name) },
        );
      }
      let configFile: string | undefined;
      if (input.configYaml !== undefined && input.configYaml.trim() !== '') {
        // Refused here, before a job exists, so the editor can show the problem at once.
        parseModelConfig(input.configYaml, 'model config (editor)');
        const folder = join(workspace.paths.root, 'uploads', 'model-configs');
        await mkdir(folder, { recursive: true });
        configFile = join(folder, `${Date.now()}-${Math.random().toString(36).slice(2)}.yaml`);
        await writeFile(configFile, input.configYaml, 'utf8');
      }
      const modelName = trainingModelName(
        input.model,
        workspace.config.training.model_name,
        snapshot.sourceName,
      );
      const label = `train ${input.modelType} on ${snapshot.sourceName} → ${modelName}`;
      const job = jobs.start('train', label, async (control) => {
        try {
          const result = await manager.trainChallenger(snapshot.path, {
            modelName,
            target: input.target,
            modelType: input.modelType,
            configFile,
            seed: input.seed,
            // The snapshot is read again: as it was read when it was stored.
            dialect: snapshot.dialect,
            autoEvaluate: input.autoEvaluate ?? false,
            actor,
            onProgress: (progress) => control.progress(toJobProgress(progress)),
            signal: control.signal,
          });
          return toTrainingResult(result);
        } finally {
          if (configFile) await rm(configFile, { force: true });
        }
      });
      return { jobId: job.jobId };
    }),
    'models.compare': defineOperation('models.compare', (input) => {
      // A file is read (and stored as a dataset) by the comparison itself, as `podium compare` always did.
      const stored = input.datasetId === undefined ? null : dataset(input.datasetId);
      const path = stored?.path ?? input.file ?? '';
      const source = { path, name: stored?.sourceName ?? basename(path) };
      const modelName = trainingModelName(input.model, workspace.config.training.model_name, source.name);
      const job = jobs.start('compare', `compare models on ${source.name} → ${modelName}`, async (control) =>
        toTrainingResult(
          await manager.compareModels(source.path, {
            modelName,
            target: input.target,
            split: input.split,
            dateColumn: input.dateColumn,
            // The contract's input schema admits only known formats.
            dateFormats: input.dateFormats,
            dialect: stored?.dialect ?? input.dialect,
            autoEvaluate: input.autoEvaluate ?? false,
            seed: input.seed,
            actor,
            onProgress: (progress) => control.progress(toJobProgress(progress)),
            signal: control.signal,
          }),
        ),
      );
      return { jobId: job.jobId };
    }),
  };
}

/** A training or comparison result as the contract carries it (plain data, VIF selection included). */
export function toTrainingResult(result: TrainChallengerResult): TrainingResult {
  return {
    model: result.version.modelName,
    version: result.version,
    runId: result.runId,
    primaryMetric: result.primaryMetric,
    candidates: result.candidates,
    decision: result.decision,
    columns: result.columns,
  };
}
