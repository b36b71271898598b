import { resolve } from 'node:path';
import type { Command } from 'commander';
import { runWithClient } from '../context.js';
import { print, printJson } from '../output.js';
import { modelOption } from '../parse-options.js';

export function registerPredict(program: Command): void {
  program
    .command('predict')
    .description('Score a CSV with a registered version and record the batch prediction in lineage')
    .addOption(
      modelOption(
        'the model or version to score with: NAME (its champion), NAME:VERSION, NAME:challenger; default: the champion of the only model',
      ),
    )
    .requiredOption('--input <file>', 'CSV to score')
    .requiredOption('--output <file>', 'CSV to write: the input columns plus prediction and model_version')
    .option('--json', 'print the result as JSON')
    .action(async (options: { model?: string; input: string; output: string }, command: Command) => {
      await runWithClient(command, async ({ client, json }) => {
        const record = await client.send('predict.file', {
          model: options.model,
          input: resolve(options.input),
          output: resolve(options.output),
        });
        if (json) {
          printJson({
            id: record.id,
            model: record.model,
            version: record.version,
            input: record.input,
            output: record.output,
            rows: record.rows,
            backend: record.backend,
            created_at: record.createdAt,
          });
          return;
        }
        print(
          `Wrote ${record.rows} predictions of ${record.model} v${record.version} to ${record.output.path}`,
        );
        print(`Prediction ${record.id} (see: podium lineage ${record.id})`);
      });
    });
}
