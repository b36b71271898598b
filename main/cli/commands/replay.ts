import { resolve } from 'node:path';
import type { Command } from 'commander';
import { runWithClient } from '../context.js';
import { print, printJson } from '../output.js';
import { modelOption, positiveInteger } from '../parse-options.js';
import { waitForJob } from '../wait-for-job.js';

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('Send a CSV through the gateway as live traffic and post its labels as feedback')
    .requiredOption('--data <file>', 'CSV with the model inputs (and the label column)')
    .requiredOption('--rate <n>', 'requests per second', positiveInteger)
    .option('--label-column <name>', "column with ground truth (default: the model's target)")
    .option('--duration <seconds>', 'stop after this long', positiveInteger)
    .option('--limit <rows>', 'stop after this many rows', positiveInteger)
    .option(
      '--gateway <url>',
      "gateway address (default: the --model's running gateway, else http://serving.host:serving.port)",
    )
    .addOption(modelOption('send to the gateway `podium serve --model NAME` runs for this model'))
    .option('--json', 'print the report as JSON')
    .action(
      async (
        options: {
          data: string;
          rate: number;
          labelColumn?: string;
          duration?: number;
          limit?: number;
          gateway?: string;
          model?: string;
        },
        command: Command,
      ) => {
        await runWithClient(command, async ({ client, json }) => {
          const report = await waitForJob<'replay'>(client, () =>
            client.send('replay.file', {
              file: resolve(options.data),
              rate: options.rate,
              labelColumn: options.labelColumn,
              durationSeconds: options.duration,
              limit: options.limit,
              gatewayUrl: options.gateway,
              model: options.model,
            }),
          );
          if (json) printJson(report);
          else
            print(
              `Sent ${report.sent} requests in ${report.seconds.toFixed(1)} s: ${report.ok} answered, ${report.failed} failed, ${report.labelled} labelled.`,
            );
          if (report.failed > 0 && report.ok === 0) process.exitCode = 1;
        });
      },
    );
}
