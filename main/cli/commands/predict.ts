import { resolve } from 'node:path';
import type { Command } from 'commander';
import { warmOperationWorker } from '../../app/warm-operation-worker.js';
import { runWithClient } from '../context.js';
import { addDialectOptions, announceDialect, type DialectFlags, dialectOf } from '../dialect-options.js';
import { followFileProgress } from '../operation-progress.js';
import { print, printDocument } from '../output.js';
import { decimalOption, delimiterOption, modelOption } from '../parse-options.js';

export function registerPredict(program: Command): void {
  const command = program
    .command('predict')
    .description('Score a CSV with a registered version and record the batch prediction in lineage')
    .addOption(
      modelOption(
        'the model or version to score with: NAME (its champion), NAME:VERSION, NAME:challenger; default: the champion of the only model',
      ),
    )
    .requiredOption('--input <file>', 'CSV or Parquet file to score')
    .requiredOption(
      '--output <file>',
      'CSV (or .parquet) to write: the input columns plus prediction and model_version',
    )
    .option(
      '--skip-bad-rows',
      'write the rows the model can read and leave out (and count) those with a value it cannot, instead of refusing the file',
      false,
    );
  addDialectOptions(command)
    .option(
      '--output-delimiter <separator>',
      "the output's separator (default: the input's)",
      delimiterOption,
    )
    .option('--output-decimal <mark>', "the output's decimal mark (default: the input's)", decimalOption)
    .option('--json', 'print the result as JSON')
    .action(async (options: PredictOptions, command: Command) => {
      // The prediction's thread loads its modules while this one loads the workspace and the API.
      warmOperationWorker('predict.file');
      await runWithClient(command, async ({ client, json }) => {
        const input = resolve(options.input);
        const dialect = dialectOf(options);
        await announceDialect(client, input, { dialect, model: options.model, json });
        const outputDialect = dialectOf({
          delimiter: options.outputDelimiter,
          decimal: options.outputDecimal,
        });
        const stopProgress = followFileProgress(client, 'predict.file', input, json);
        const record = await client
          .send('predict.file', {
            model: options.model,
            input,
            output: resolve(options.output),
            dialect,
            outputDialect,
            ...(options.skipBadRows ? { skipBadRows: true } : {}),
          })
          .finally(stopProgress);
        if (json) {
          const { BatchPredictionSchema } = await import('../../contract/schemas/index.js');
          printDocument(BatchPredictionSchema, record);
          return;
        }
        print(
          `Wrote ${record.rows} predictions of ${record.model} v${record.version} to ${record.output.path}`,
        );
        if (record.skipped.rows > 0) {
          print(
            `Skipped ${record.skipped.rows} row${record.skipped.rows === 1 ? '' : 's'} with a value the model cannot read:`,
          );
          for (const example of record.skipped.examples) print(`  ${example}`);
          if (record.skipped.rows > record.skipped.examples.length) {
            print(`  … and ${record.skipped.rows - record.skipped.examples.length} more`);
          }
        }
        print(`Prediction ${record.id} (see: podium lineage ${record.id})`);
      });
    });
}

type PredictOptions = DialectFlags & {
  model?: string;
  input: string;
  output: string;
  skipBadRows: boolean;
  outputDelimiter?: DialectFlags['delimiter'];
  outputDecimal?: DialectFlags['decimal'];
};
