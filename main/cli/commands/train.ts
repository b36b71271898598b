import { basename, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { warmOperationWorker } from '../../app/warm-operation-worker.js';
import type { ColumnChoice, Decision, ModelTypeChoice, PodiumClient } from '../../contract/index.js';
import { runWithClient } from '../context.js';
import { addDialectOptions, announceDialect, type DialectFlags, dialectOf } from '../dialect-options.js';
import { decisionJson, formatMetrics, formatTable, print, printJson } from '../output.js';
import { waitForJob } from '../wait-for-job.js';
import { printDecision } from './print-decision.js';

export function registerTrain(program: Command): void {
  const command = program
    .command('train')
    .description(
      'Train a challenger on a CSV and register it (the first model becomes the champion with --auto-evaluate)',
    )
    .requiredOption('--data <file>', 'CSV or Parquet file to train on')
    .option('--target <column>', 'column to predict (default: data.target_column, "target")')
    .addOption(
      new Option('--model-type <type>', 'model family (default: training.model_type)').choices([
        'auto',
        'linear',
        'ecd',
        'gbm',
        'random_forest',
      ]),
    )
    .option('--config <file>', 'model config YAML (Ludwig-style)');
  addDialectOptions(command)
    .option('--model <name>', MODEL_NAME_HELP)
    .option('--auto-evaluate', 'compare with the champion and record a decision right away', false)
    .option('--json', 'print the result as JSON')
    .action(
      async (
        options: DialectFlags & {
          data: string;
          target?: string;
          modelType?: ModelTypeChoice;
          config?: string;
          model?: string;
          autoEvaluate: boolean;
        },
        command: Command,
      ) => {
        // The training's thread loads its modules (TensorFlow.js among them) while this one loads
        // the workspace and the API; with several model types the first training claims it.
        warmOperationWorker('train.fromFile');
        await runWithClient(command, async ({ client, json }) => {
          const file = resolve(options.data);
          const dialect = dialectOf(options);
          await announceDialect(client, file, { dialect, model: options.model, json });
          const result = await waitForJob<'train'>(
            client,
            () =>
              client.send('train.fromFile', {
                file,
                target: options.target,
                modelType: options.modelType,
                configFile: options.config === undefined ? undefined : resolve(options.config),
                model: options.model,
                dialect,
                autoEvaluate: options.autoEvaluate,
              }),
            { progress: { json } },
          );
          if (json) printJson(await trainJson(result));
          else {
            printTrainResult(result);
            await printNewModelHint(client, result.version, options);
          }
        });
      },
    );
}

/** `--model` of the commands that register a version (train, compare). */
export const MODEL_NAME_HELP =
  "model name (default: training.model_name when set, else the data file's name: churn.csv → churn)";

/**
 * A model named after its data file, registered beside other models: say so, in case a new version
 * of one of those was meant.
 */
export async function printNewModelHint(
  client: PodiumClient,
  version: { modelName: string; version: number },
  options: { model?: string; data: string },
): Promise<void> {
  if (options.model !== undefined || version.version !== 1) return;
  const others = (await client.send('registry.models', {}))
    .map((model) => model.name)
    .filter((name) => name !== version.modelName);
  if (others.length === 0) return;
  print(
    `${version.modelName} is a new model, named after ${basename(options.data)}; to train a version of ${others.join(' or ')} instead, give --model NAME.`,
  );
}

/** What a training reports, whether it ran as a job (`job.done`) or inside a cycle. */
export type TrainedVersion = {
  version: {
    modelName: string;
    version: number;
    stage: string;
    modelType: string;
    datasetId: string;
    metrics: Record<string, number>;
  };
  runId: string;
  candidates: {
    modelType: string;
    runId: string | null;
    validation: Record<string, number>;
    test: Record<string, number>;
    seconds: number;
    backend: string;
    chosen: boolean;
  }[];
  decision: Decision | null;
  /** What training decided about the columns it did not take as they are. */
  columns?: ColumnChoice[];
};

export async function trainJson(result: TrainedVersion) {
  return {
    model: result.version.modelName,
    version: result.version.version,
    stage: result.version.stage,
    run_id: result.runId,
    dataset_id: result.version.datasetId,
    metrics: result.version.metrics,
    candidates: result.candidates.map((c) => ({
      model_type: c.modelType,
      run_id: c.runId,
      validation: c.validation,
      test: c.test,
      seconds: c.seconds,
      backend: c.backend,
      chosen: c.chosen,
    })),
    decision: result.decision && (await decisionJson(result.decision)),
    ...(result.columns ? { columns: result.columns } : {}),
  };
}

export function printTrainResult(result: TrainedVersion): void {
  const { version } = result;
  if (result.candidates.length > 1) {
    print(
      formatTable(
        ['model type', 'validation', 'seconds', 'backend', ''],
        result.candidates.map((c) => [
          c.modelType,
          formatMetrics(c.validation, ['roc_auc', 'accuracy', 'f1_score', 'r2', 'rmse']),
          c.seconds.toFixed(1),
          c.backend,
          c.chosen ? '← chosen' : '',
        ]),
      ),
    );
    print();
  }
  printColumnChoices(result.columns ?? []);
  print(
    `Registered ${version.modelName} v${version.version} (${version.modelType}) as ${version.stage}, run ${result.runId}`,
  );
  print(`Held-out metrics: ${formatMetrics(version.metrics)}`);
  if (result.decision) printDecision(result.decision);
  else print(`Next: podium evaluate ${version.modelName}:${version.version}`);
}

/** The columns training left out (and why) and the dates it read as parts: no column disappears silently. */
export function printColumnChoices(columns: readonly ColumnChoice[]): void {
  const leftOut = columns.filter((c) => c.choice === 'left_out');
  const dates = columns.filter((c) => c.choice === 'date_parts');
  if (leftOut.length > 0) {
    print(`Left out ${leftOut.length} column${leftOut.length === 1 ? '' : 's'}:`);
    for (const c of leftOut) print(`  ${c.column}: ${c.reason}`);
  }
  for (const c of dates) print(`Date ${c.column}: ${c.reason}`);
}
