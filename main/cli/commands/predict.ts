import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parseVersionRef } from '../../common/version-ref.js';
import { BatchPredictionSchema } from '../../contract/schemas/index.js';
import { runWithClient } from '../context.js';
import { print, printDocument } from '../output.js';

export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('Score a CSV with a registered version and record the batch prediction in lineage')
    .requiredOption('--model <ref>', 'champion, name:champion, or a version (3, v3, name:3)')
    .requiredOption('--input <file>', 'CSV to score')
    .requiredOption('--output <file>', 'CSV to write: the input columns plus prediction and model_version')
    .option('--json', 'print the result as JSON')
    .action(async (options: { model: string; input: string; output: string }, command: Command) => {
      await runWithClient(command, async ({ client, config, json }) => {
        const record = await client.send('predict.file', {
          ...parseModelRef(options.model, config.training.model_name),
          input: resolve(options.input),
          output: resolve(options.output),
        });
        if (json) {
          printDocument(BatchPredictionSchema, record);
          return;
        }
        print(
          `Wrote ${record.rows} predictions of ${record.model} v${record.version} to ${record.output.path}`,
        );
        print(`Prediction ${record.id} (see: podium lineage ${record.id})`);
      });
    });
}

/** "champion" and "name:champion" name the model's champion; anything else is a version reference. */
export function parseModelRef(ref: string, defaultModel: string): { model: string; version?: number } {
  const stage = /^(?:(.+?)[:@])?champion$/.exec(ref.trim());
  if (stage) return { model: stage[1] ?? defaultModel };
  const version = parseVersionRef(ref, defaultModel);
  return { model: version.modelName, version: version.version };
}
