import { resolve } from 'node:path';
import type { Command } from 'commander';
import { joinModelRef } from '../../common/version-ref.js';
import type { Reproduction } from '../../contract/index.js';
import { runWithClient } from '../context.js';
import { formatMetric, formatTable, print, printDocument, printJson } from '../output.js';
import { modelOption } from '../parse-options.js';

export function registerReproduce(program: Command): void {
  program
    .command('reproduce')
    .description(
      'Retrain a version from its recorded dataset snapshot, config and seed, and check the metrics match exactly',
    )
    .argument('<version>', 'a version (3, name:3, name:champion)')
    .addOption(modelOption())
    .option('--script <file>', 'instead of retraining, write a standalone shell script that does it')
    .option('--json', 'print as JSON')
    .action(async (ref: string, options: { script?: string; model?: string }, command: Command) => {
      await runWithClient(command, async ({ client, json }) => {
        const chosen = { model: joinModelRef(options.model, ref) };
        if (options.script) {
          const written = await client.send('versions.reproduceScript', {
            ...chosen,
            file: resolve(options.script),
          });
          if (json) printJson(written);
          else
            print(
              `Wrote ${written.script}; run it to retrain ${written.model} v${written.version} and compare metrics`,
            );
          return;
        }
        const report = await client.send('versions.reproduce', chosen);
        const { ReproductionSchema } = await import('../../contract/schemas/index.js');
        if (json) printDocument(ReproductionSchema, report);
        else printReport(report);
        // A reproduction that does not match is a failed check, for scripts and CI alike.
        if (!report.matches) process.exitCode = 1;
      });
    });
}

function printReport(report: Reproduction): void {
  print(
    `${report.model} v${report.version}: ${report.matches ? 'reproduced, all held-out metrics match exactly' : 'NOT reproduced'}`,
  );
  print(`Dataset ${report.dataset.id.slice(0, 12)}, seed ${report.seed}, backend ${report.backend.current}`);
  print(
    formatTable(
      ['metric', 'registered', 'retrained', ''],
      Object.keys(report.expected).map((metric) => [
        metric,
        formatMetric(report.expected[metric]),
        formatMetric(report.actual[metric]),
        Object.is(report.expected[metric], report.actual[metric]) ? '' : 'differs',
      ]),
    ),
  );
  for (const reason of report.reasons) print(`- ${reason}`);
}
