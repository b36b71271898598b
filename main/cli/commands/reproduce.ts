import { resolve } from 'node:path';
import type { Command } from 'commander';
import { PodiumError } from '../../contract/errors.js';
import { type ReproduceReport, reproduce, writeReproduceScript } from '../../lineage/index.js';
import { runWithWorkspace } from '../context.js';
import { formatMetric, formatTable, print, printJson } from '../output.js';

export function registerReproduce(program: Command): void {
  program
    .command('reproduce')
    .description(
      'Retrain a version from its recorded dataset snapshot, config and seed, and check the metrics match exactly',
    )
    .argument('<version>', 'a version (3, v3, name:3)')
    .option('--script <file>', 'instead of retraining, write a standalone shell script that does it')
    .option('--json', 'print as JSON')
    .action(async (ref: string, options: { script?: string }, command: Command) => {
      await runWithWorkspace(command, async ({ workspace, manager, json }) => {
        const version = manager.resolveVersion(ref);
        if (options.script) {
          const dataset = manager.datasetStore.get(version.datasetId);
          if (!dataset) {
            throw new PodiumError(
              'NOT_FOUND',
              `Dataset snapshot ${version.datasetId} is not in the workspace`,
              {
                dataset_id: version.datasetId,
              },
            );
          }
          const file = resolve(options.script);
          await writeReproduceScript(file, version, dataset.path);
          if (json) printJson({ script: file, model: version.modelName, version: version.version });
          else
            print(
              `Wrote ${file}; run it to retrain ${version.modelName} v${version.version} and compare metrics`,
            );
          return;
        }
        const report = await reproduce(workspace, manager, version);
        if (json) printJson(report);
        else printReport(report);
        // A reproduction that does not match is a failed check, for scripts and CI alike.
        if (!report.matches) process.exitCode = 1;
      });
    });
}

function printReport(report: ReproduceReport): void {
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
