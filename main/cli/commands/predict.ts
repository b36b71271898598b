import type { Command } from 'commander';
import { PodiumError } from '../../contract/errors.js';
import type { ChampionChallengerManager } from '../../lifecycle/index.js';
import { predictFile } from '../../lineage/index.js';
import type { ModelVersion } from '../../registry/index.js';
import { runWithWorkspace } from '../context.js';
import { print, printJson } from '../output.js';

export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('Score a CSV with a registered version and record the batch prediction in lineage')
    .requiredOption('--model <ref>', 'champion, name:champion, or a version (3, v3, name:3)')
    .requiredOption('--input <file>', 'CSV to score')
    .requiredOption('--output <file>', 'CSV to write: the input columns plus prediction and model_version')
    .option('--json', 'print the result as JSON')
    .action(async (options: { model: string; input: string; output: string }, command: Command) => {
      await runWithWorkspace(command, async ({ workspace, manager, json }) => {
        const version = resolveModelRef(manager, options.model, workspace.config.training.model_name);
        const record = await predictFile(workspace, {
          version,
          input: options.input,
          output: options.output,
        });
        if (json) {
          printJson({
            id: record.id,
            model: record.modelName,
            version: record.version,
            input: { path: record.inputPath, sha256: record.inputSha256 },
            output: { path: record.outputPath, sha256: record.outputSha256 },
            rows: record.rowCount,
            backend: record.backend,
            created_at: record.createdAt,
          });
          return;
        }
        print(
          `Wrote ${record.rowCount} predictions of ${record.modelName} v${record.version} to ${record.outputPath}`,
        );
        print(`Prediction ${record.id} (see: podium lineage ${record.id})`);
      });
    });
}

/** "champion" and "name:champion" name a stage; anything else is a version reference. */
export function resolveModelRef(
  manager: ChampionChallengerManager,
  ref: string,
  defaultModel: string,
): ModelVersion {
  const stage = /^(?:(.+?)[:@])?champion$/.exec(ref.trim());
  if (!stage) return manager.resolveVersion(ref);
  const modelName = stage[1] ?? defaultModel;
  const champion = manager.versionStore.champion(modelName);
  if (!champion) {
    throw new PodiumError('NOT_FOUND', `Model ${modelName} has no champion yet`, { model: modelName });
  }
  return champion;
}
