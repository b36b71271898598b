import { type Command, Option } from 'commander';
import type { DateFormat } from '../../data/index.js';
import type { TrainChallengerResult } from '../../lifecycle/index.js';
import type { ModelFamilyName } from '../../training/types.js';
import { runWithWorkspace } from '../context.js';
import { formatMetrics, formatTable, print, printJson } from '../output.js';
import { dateFormatOption } from '../parse-options.js';
import { withTrainingProgress } from '../progress.js';
import { printDecision } from './print-decision.js';

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description(
      'Train a challenger on a CSV and register it (the first model becomes the champion with --auto-evaluate)',
    )
    .requiredOption('--data <file>', 'CSV file to train on')
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
    .option('--config <file>', 'model config YAML (Ludwig-style)')
    .option(
      '--date-format <column=format>',
      'read a date column in this format instead of inferring it (repeatable), e.g. Date=MM/DD/YYYY',
      dateFormatOption,
    )
    .option('--model <name>', 'registered model name (default: training.model_name)')
    .option('--auto-evaluate', 'compare with the champion and record a decision right away', false)
    .option('--json', 'print the result as JSON')
    .action(
      async (
        options: {
          data: string;
          target?: string;
          modelType?: 'auto' | ModelFamilyName;
          config?: string;
          model?: string;
          dateFormat?: Record<string, DateFormat>;
          autoEvaluate: boolean;
        },
        command: Command,
      ) => {
        await runWithWorkspace(command, async ({ manager, json }) => {
          const result = await withTrainingProgress({ json }, (hooks) =>
            manager.trainChallenger(options.data, {
              target: options.target,
              modelType: options.modelType,
              configFile: options.config,
              modelName: options.model,
              dateFormats: options.dateFormat,
              autoEvaluate: options.autoEvaluate,
              actor: 'cli',
              ...hooks,
            }),
          );
          if (json) printJson(trainJson(result));
          else printTrainResult(result);
        });
      },
    );
}

export function trainJson(result: TrainChallengerResult) {
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
    decision: result.decision,
  };
}

export function printTrainResult(result: TrainChallengerResult): void {
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
  print(
    `Registered ${version.modelName} v${version.version} (${version.modelType}) as ${version.stage}, run ${result.runId}`,
  );
  print(`Held-out metrics: ${formatMetrics(version.metrics)}`);
  if (result.decision) printDecision(result.decision);
  else print(`Next: podium evaluate ${version.modelName}:${version.version}`);
}
