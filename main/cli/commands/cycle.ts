import { resolve } from 'node:path';
import type { Command } from 'commander';
import { toSnakeCaseDocument } from '../../contract/documented-json.js';
import { runWithClient } from '../context.js';
import { addDialectOptions, announceDialect, type DialectFlags, dialectOf } from '../dialect-options.js';
import { print, printJson } from '../output.js';
import { modelOption } from '../parse-options.js';
import { createProgressReporter } from '../progress.js';
import { printDecision } from './print-decision.js';
import { printStatus } from './status.js';
import { trainJson } from './train.js';

export function registerCycle(program: Command): void {
  const command = program
    .command('cycle')
    .description('Run one lifecycle cycle now: train a challenger on new data, compare, decide, clean up')
    .option('--data <file>', 'new training data (default: new files in data.incoming_dir)')
    .option('--dry-run', 'show what the cycle would do and the status; change nothing', false)
    .addOption(modelOption());
  addDialectOptions(command)
    .option('--json', 'print the report as JSON')
    .action(
      async (
        options: DialectFlags & { data?: string; dryRun: boolean; model?: string },
        command: Command,
      ) => {
        await runWithClient(command, async ({ client, json, environment }) => {
          const dialect = dialectOf(options);
          if (options.data)
            await announceDialect(client, resolve(options.data), { dialect, model: options.model, json });
          const progress = createProgressReporter({ json });
          const unsubscribe = client.listen('operation.progress', (event) => {
            if (event.operation === 'cycle.run') progress.onProgress(event);
          });
          const report = await client
            .send('cycle.run', { file: options.data, dryRun: options.dryRun, model: options.model, dialect })
            .finally(() => {
              unsubscribe();
              progress.stop();
            });
          if (json) {
            const { CycleRunReportSchema, decisionDocument } = await import(
              '../../contract/schemas/index.js'
            );
            printJson({
              ...(toSnakeCaseDocument(CycleRunReportSchema, report, decisionDocument) as object),
              trained: await Promise.all(report.trained.map(trainJson)),
            });
            return;
          }
          if (report.dryRun) {
            print('Dry run: nothing was changed. A cycle would:');
            for (const step of report.plan) print(`  - ${step}`);
            print();
            printStatus(report.status, environment);
            return;
          }
          for (const line of report.plan) print(line);
          for (const trained of report.trained) {
            print(
              `Trained ${trained.version.modelName} v${trained.version.version} (${trained.version.modelType}).`,
            );
          }
          for (const decision of report.decisions) printDecision(decision);
          if (report.removedRuns.length > 0) print(`Removed ${report.removedRuns.length} expired run(s).`);
        });
      },
    );
}
