import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import type { CandidateResult, TrainingResult } from '../../contract/index.js';
import { runWithClient } from '../context.js';
import { addDialectOptions, announceDialect, type DialectFlags, dialectOf } from '../dialect-options.js';
import { decisionJson, formatMetric, formatTable, print, printJson } from '../output.js';
import { waitForJob } from '../wait-for-job.js';
import { printDecision } from './print-decision.js';
import { MODEL_NAME_HELP, printNewModelHint } from './train.js';

type ComparisonSplit = 'time' | 'random';
/** What the table needs of a comparison (`podium demo` prints its own with it too). */
type Comparison = Pick<TrainingResult, 'version' | 'runId' | 'primaryMetric' | 'candidates' | 'decision'>;

export function registerCompare(program: Command): void {
  const command = program
    .command('compare')
    .description(
      'Train linear regression, elastic net, random forest, gbm and ecd on one split, print them side by side and register the best',
    )
    .requiredOption('--data <file>', 'CSV or Parquet file to train on')
    .option('--target <column>', 'column to predict (default: data.target_column, "target")')
    .addOption(
      new Option('--split <kind>', 'time: oldest 80% train, newest 20% validate; random: a seeded 80/20')
        .choices(['time', 'random'])
        .default('time'),
    )
    .option('--date-column <column>', 'the date column a time split orders by (default: the first one)');
  addDialectOptions(command)
    .option('--model <name>', MODEL_NAME_HELP)
    .option('--auto-evaluate', 'when a champion exists, compare the best with it right away', false)
    .option('--json', 'print {models, registered_version, …} as JSON')
    .action(
      async (
        options: DialectFlags & {
          data: string;
          target?: string;
          split: ComparisonSplit;
          dateColumn?: string;
          model?: string;
          autoEvaluate: boolean;
        },
        command: Command,
      ) => {
        await runWithClient(command, async ({ client, json }) => {
          const dialect = dialectOf(options);
          await announceDialect(client, resolve(options.data), { dialect, model: options.model, json });
          const result = await waitForJob<'compare'>(
            client,
            () =>
              client.send('models.compare', {
                file: options.data,
                target: options.target,
                split: options.split,
                dateColumn: options.dateColumn,
                model: options.model,
                dialect,
                autoEvaluate: options.autoEvaluate,
              }),
            { progress: { json } },
          );
          if (json) printJson(await comparisonJson(result, options.split));
          else {
            printComparison(result, options.split);
            await printNewModelHint(client, result.version, options);
          }
        });
      },
    );
}

/** `{models: [{model, train_r2, val_r2, features, seconds, status}], registered_version}`, as the issue's contract says. */
export async function comparisonJson(result: Comparison, split: ComparisonSplit) {
  const metric = result.primaryMetric;
  return {
    model_name: result.version.modelName,
    split,
    primary_metric: metric,
    models: result.candidates.map((candidate) => ({
      model: candidate.label,
      model_type: candidate.modelType,
      [`train_${metric}`]: candidate.train[metric] ?? null,
      [`val_${metric}`]: candidate.validation[metric] ?? null,
      features: candidate.features.length,
      seconds: Number(candidate.seconds.toFixed(3)),
      status: candidate.chosen ? 'registered' : candidate.status,
      run_id: candidate.runId,
      validation_metrics: candidate.validation,
      ...(candidate.featureSelection ? { feature_selection: candidate.featureSelection } : {}),
      ...(candidate.error ? { error: candidate.error } : {}),
    })),
    registered_version: result.version.version,
    registered_stage: result.version.stage,
    run_id: result.runId,
    decision: result.decision && (await decisionJson(result.decision)),
  };
}

export function printComparison(result: Comparison, split: ComparisonSplit): void {
  const metric = result.primaryMetric;
  const { version } = result;
  const sizes = result.candidates.find((candidate) => candidate.splitSizes)?.splitSizes;
  const splitName = split === 'time' ? 'time-ordered' : 'random';
  print(
    `${splitName} split${sizes ? `: ${sizes.train} rows train, ${sizes.validation} validate` : ''} · best on validation ${metric}`,
  );
  print();
  print(
    formatTable(
      ['model', `train ${metric}`, `val ${metric}`, 'features', 'seconds', 'status'],
      result.candidates.map((candidate) => [
        candidate.label,
        formatMetric(candidate.train[metric]),
        formatMetric(candidate.validation[metric]),
        candidate.status === 'failed' ? '-' : candidate.features.length,
        candidate.seconds.toFixed(1),
        statusText(candidate, result),
      ]),
    ),
  );
  const selection = result.candidates.find((candidate) => candidate.featureSelection)?.featureSelection;
  if (selection) {
    const users = result.candidates.filter((candidate) => candidate.featureSelection).map((c) => c.label);
    const dropped = selection.dropped.map((entry) =>
      entry.vif === null ? `${entry.name} (constant)` : `${entry.name} (VIF ${formatVif(entry.vif)})`,
    );
    print();
    print(
      `VIF selection for ${users.join(' and ')} (threshold ${selection.threshold}): dropped ${dropped.length > 0 ? dropped.join(', ') : 'nothing'}`,
    );
  }
  for (const candidate of result.candidates.filter((c) => c.status === 'failed')) {
    print(`${candidate.label} failed: ${candidate.error}`);
  }
  print();
  print(
    `Registered ${version.modelName} v${version.version} (${result.candidates.find((c) => c.chosen)?.label ?? version.modelType}) as ${version.stage}, run ${result.runId}`,
  );
  if (result.decision) printDecision(result.decision);
  else if (version.stage === 'challenger')
    print(`Next: podium evaluate ${version.modelName}:${version.version}`);
}

function statusText(candidate: CandidateResult, result: Comparison): string {
  if (candidate.status === 'failed') return 'failed';
  if (candidate.chosen) return `best → v${result.version.version} ${result.version.stage}`;
  return 'trained';
}

function formatVif(vif: number): string {
  return vif >= 1000 ? vif.toExponential(1) : vif.toFixed(1);
}
