import type { Command } from 'commander';
import type { ModelVersion } from '../../contract/index.js';
import { runWithClient } from '../context.js';
import { formatMetrics, formatTable, print, printJson } from '../output.js';
import { modelOption } from '../parse-options.js';
import { firstModelHint } from './status.js';

export function registerModels(program: Command): void {
  program
    .command('models')
    .description('Registered models and their versions with stages')
    .addOption(modelOption('only this model (NAME)'))
    .option('--json', 'print as JSON')
    .action(async (options: { model?: string }, command: Command) => {
      await runWithClient(command, async ({ client, json, environment }) => {
        // An unknown --model is refused by the registry, with the models there are.
        const only = options.model && (await client.send('registry.versions', { model: options.model }));
        const models = (await client.send('registry.models', {})).filter(
          (m) => !only || only.some((v) => v.modelName === m.name),
        );
        const versions: ModelVersion[] = [];
        for (const model of models)
          versions.push(...(await client.send('registry.versions', { model: model.name })));
        if (json) {
          printJson(
            models.map((model) => ({
              name: model.name,
              task: model.task,
              target: model.target,
              champion_version: model.championVersion,
              versions: versions
                .filter((v) => v.modelName === model.name)
                .map((v) => ({
                  version: v.version,
                  stage: v.stage,
                  model_type: v.modelType,
                  run_id: v.runId,
                  dataset_id: v.datasetId,
                  package_path: v.packagePath,
                  package_sha256: v.packageSha256,
                  metrics: v.metrics,
                  created_at: v.createdAt,
                })),
            })),
          );
          return;
        }
        if (models.length === 0) {
          print(`No registered models yet. ${firstModelHint(environment)}`);
          return;
        }
        print(
          formatTable(
            ['model', 'version', 'stage', 'type', 'created', 'held-out metrics'],
            versions.map((v) => [
              v.modelName,
              `v${v.version}`,
              v.stage,
              v.modelType,
              v.createdAt.replace('T', ' ').slice(0, 19),
              formatMetrics(v.metrics, ['roc_auc', 'accuracy', 'f1_score', 'r2', 'rmse']),
            ]),
          ),
        );
      });
    });
}
