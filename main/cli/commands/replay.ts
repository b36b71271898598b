import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ReplayReport } from '../../contract/index.js';
import { runWithClient } from '../context.js';
import { addDialectOptions, announceDialect, type DialectFlags, dialectOf } from '../dialect-options.js';
import { print, printJson } from '../output.js';
import { modelOption, positiveInteger } from '../parse-options.js';
import { waitForJob } from '../wait-for-job.js';

export function registerReplay(program: Command): void {
  const command = program
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
    .addOption(modelOption('send to the gateway `podium serve --model NAME` runs for this model'));
  addDialectOptions(command)
    .option('--json', 'print the report as JSON')
    .action(
      async (
        options: DialectFlags & {
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
          const file = resolve(options.data);
          const dialect = dialectOf(options);
          await announceDialect(client, file, { dialect, json });
          const report = await waitForJob<'replay'>(client, () =>
            client.send('replay.file', {
              file,
              dialect,
              rate: options.rate,
              labelColumn: options.labelColumn,
              durationSeconds: options.duration,
              limit: options.limit,
              gatewayUrl: options.gateway,
              model: options.model,
            }),
          );
          if (json) printJson(report);
          else printReplayReport(report);
          if (report.failed > 0 && report.ok === 0) process.exitCode = 1;
        });
      },
    );
}

/** The counts, then why requests failed: one group per route, status and code, with examples. */
export function printReplayReport(report: ReplayReport): void {
  print(
    `Sent ${report.sent} requests in ${report.seconds.toFixed(1)} s: ${report.ok} answered, ${report.failed} failed, ${report.labelled} labelled.`,
  );
  if (report.failures.length === 0) return;
  print('Why requests failed:');
  for (const failure of report.failures) {
    const status = failure.status === 0 ? 'no answer' : String(failure.status);
    print(`  ${failure.count} × ${failure.route} ${status} ${failure.code}`);
    for (const example of failure.examples) print(`      ${example}`);
  }
}
