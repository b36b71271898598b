import { resolve } from 'node:path';
import type { Command } from 'commander';
import { warmOperationWorker } from '../../app/warm-operation-worker.js';
import type { OperationOutput } from '../../contract/index.js';
import { runWithClient } from '../context.js';
import { addDialectOptions, type DialectFlags, dialectOf } from '../dialect-options.js';
import { followFileProgress } from '../operation-progress.js';
import { formatTable, print, printDocument } from '../output.js';
import { modelOption } from '../parse-options.js';

type Estimate = OperationOutput<'performance.estimate'>;

const value = (x: number | null) =>
  x === null ? '-' : Math.abs(x) >= 1000 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(3) : x.toFixed(4);

export function printEstimate(estimate: Estimate): void {
  const method = estimate.task === 'number' ? 'Direct Loss Estimation' : 'CBPE';
  print(
    `Estimated performance of ${estimate.model} on ${estimate.rows} rows of ${estimate.file} (${method}, no labels used):`,
  );
  print(
    formatTable(
      ['version', 'role', 'metric', 'estimated', 'realised', 'error', 'reference'],
      estimate.metrics.map((m) => [
        `v${m.version}`,
        m.role,
        m.metric,
        value(m.estimated),
        value(m.realised),
        m.realised === null || m.realised === 0
          ? '-'
          : `${((Math.abs(m.estimated - m.realised) / Math.abs(m.realised)) * 100).toFixed(1)}%`,
        value(m.reference),
      ]),
    ),
  );
  if (estimate.attribution !== null) {
    print();
    print(
      'Columns ranked by how much each moves the estimate (reset to its reference distribution, estimated again):',
    );
    print(
      formatTable(
        ['version', 'column', 'metric', 'change', 'with column reset'],
        estimate.attribution.map((a) => [
          `v${a.version}`,
          a.column,
          a.metric,
          `${a.estimatedChange >= 0 ? '+' : ''}${value(a.estimatedChange)}`,
          value(a.estimatedWithReference),
        ]),
      ),
    );
  }
  const beyond = estimate.outsideReference.filter((entry) => entry.share >= OUTSIDE_WORTH_SAYING);
  if (beyond.length > 0) {
    print();
    print(
      'Rows beyond what the estimator has seen (it answers there as at the edge: read the estimate as a floor):',
    );
    for (const entry of beyond) {
      print(
        `  v${entry.version} ${entry.column}: ${(entry.share * 100).toFixed(1)}% of rows outside the reference range ${value(entry.referenceMin)} to ${value(entry.referenceMax)}`,
      );
    }
  }
  for (const line of estimate.assumptions) print(`• ${line}`);
}

/** Below this share of rows, a few outliers: not worth a warning in the text output (--json lists all). */
const OUTSIDE_WORTH_SAYING = 0.01;

export function registerEstimate(program: Command): void {
  const command = program
    .command('estimate')
    .description(
      "Estimate the champion's and every shadow's performance on a file without labels (regression: Direct Loss Estimation; classifier: CBPE)",
    )
    .requiredOption(
      '--data <file>',
      'CSV or Parquet file with the current data (a target column, if present, gives the realised metrics)',
    )
    .addOption(modelOption());
  addDialectOptions(command)
    .option('--attribution', "rank the columns by how much each moves the champion's estimate")
    .option('--json', 'print the estimate as JSON')
    .action(
      async (
        options: DialectFlags & { data: string; model?: string; attribution?: boolean },
        command: Command,
      ) => {
        // The estimate's thread loads its modules while this one loads the workspace and the API.
        warmOperationWorker('performance.estimate');
        await runWithClient(command, async ({ client, json }) => {
          const file = resolve(options.data);
          const stopProgress = followFileProgress(client, 'performance.estimate', file, json);
          const estimate = await client
            .send('performance.estimate', {
              model: options.model,
              file,
              dialect: dialectOf(options),
              attribution: options.attribution === true,
            })
            .finally(stopProgress);
          const { PerformanceEstimateFileSchema } = await import('../../contract/schemas/index.js');
          if (json) printDocument(PerformanceEstimateFileSchema, estimate);
          else printEstimate(estimate);
        });
      },
    );
}
