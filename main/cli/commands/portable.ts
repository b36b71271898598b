import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { joinModelRef } from '../../common/version-ref.js';
import { PodiumError } from '../../contract/errors.js';
import { runWithClient } from '../context.js';
import { print, printDocument } from '../output.js';
import { modelOption } from '../parse-options.js';
import { exportDockerImage } from './export-docker.js';

export function registerPortable(program: Command): void {
  program
    .command('export')
    .description(
      'Write one version (package, lineage, training dataset, integrity manifest) to a .tgz, or as ONNX or an MLflow model',
    )
    .argument('<version>', 'a version (3, name:3, name:champion)')
    .argument(
      '<file>',
      'the archive (.tgz), ONNX file or image tar to write, which must not exist yet; for mlflow, a new or empty folder',
    )
    .addOption(modelOption())
    .addOption(
      new Option(
        '--format <format>',
        'podium: the portable archive (.tgz); onnx: one ONNX graph; mlflow: an MLflow model directory; docker: the service image as a tar (docker load)',
      )
        .choices(['podium', 'onnx', 'mlflow', 'docker'])
        .default('podium'),
    )
    .option('--without-dataset', 'leave the training dataset snapshot out (evaluate then needs it elsewhere)')
    .option('--json', 'print as JSON')
    .action(
      async (
        ref: string,
        file: string,
        options: {
          withoutDataset?: boolean;
          model?: string;
          format: 'podium' | 'onnx' | 'mlflow' | 'docker';
        },
        command: Command,
      ) => {
        await runWithClient(command, async ({ client, json }) => {
          if (options.format === 'docker') return exportDockerImage(client, json, { ...options, ref, file });
          const report = await client.send('versions.export', {
            model: joinModelRef(options.model, ref),
            file,
            includeDataset: !options.withoutDataset,
            format: options.format,
          });
          const { ExportReportSchema } = await import('../../contract/schemas/index.js');
          if (json) printDocument(ExportReportSchema, report);
          else if (options.format !== 'podium')
            print(
              `Exported ${report.model} v${report.version} to ${report.file} (${
                options.format === 'onnx' ? 'ONNX' : `MLflow model, ${report.files} files`
              })`,
            );
          else
            print(
              `Exported ${report.model} v${report.version} to ${report.file} (${report.files} files${
                report.datasetIncluded ? ', with its training dataset' : ', without its training dataset'
              })`,
            );
        });
      },
    );

  program
    .command('import')
    .description(
      'Register a version as a new challenger: an archive written by podium export, or an MLflow model directory holding an ONNX model',
    )
    .argument(
      '<file>',
      'an archive written by podium export, or an MLflow model directory (with an MLmodel file)',
    )
    .option(
      '--model <name>',
      'register under this model name (default: the exported model name; required for an MLflow model)',
    )
    .option('--data <file>', 'MLflow model: a labelled CSV to evaluate it on and keep as its reference data')
    .option('--target <column>', 'MLflow model: the column of --data it predicts')
    .option('--json', 'print as JSON')
    .action(
      async (file: string, options: { model?: string; data?: string; target?: string }, command: Command) => {
        if (isDirectory(file)) {
          await importMlflow(file, options, command);
          return;
        }
        await runWithClient(command, async ({ client, json }) => {
          if (options.data !== undefined || options.target !== undefined)
            throw new PodiumError(
              'USAGE',
              '--data and --target are for an MLflow model directory, not an export archive',
            );
          const report = await client.send('versions.import', { file, model: options.model });
          const { ImportReportSchema } = await import('../../contract/schemas/index.js');
          if (json) printDocument(ImportReportSchema, report);
          else {
            print(
              `Imported ${report.source.model} v${report.source.version} as ${report.model} v${report.version} (${report.stage})`,
            );
            for (const warning of report.warnings) print(`Warning: ${warning}`);
          }
        });
      },
    );
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

async function importMlflow(
  directory: string,
  options: { model?: string; data?: string; target?: string },
  command: Command,
): Promise<void> {
  await runWithClient(command, async ({ client, json }) => {
    if (options.model === undefined)
      throw new PodiumError('USAGE', 'podium import DIR (an MLflow model directory) needs --model NAME');
    const report = await client.send('versions.importMlflow', {
      directory: resolve(directory),
      model: options.model,
      ...(options.data === undefined ? {} : { data: resolve(options.data) }),
      ...(options.target === undefined ? {} : { target: options.target }),
    });
    const { MlflowImportReportSchema } = await import('../../contract/schemas/index.js');
    if (json) {
      printDocument(MlflowImportReportSchema, report);
      return;
    }
    const predicts =
      report.task === 'number'
        ? `${report.target} (number)`
        : `${report.target} (${report.classes?.join(' / ')})`;
    print(
      `Imported the MLflow ONNX model ${report.directory} as ${report.model} v${report.version} (${report.stage})`,
    );
    print(`  inputs: ${report.inputs.map((input) => `${input.name} (${input.type})`).join(', ')}`);
    print(`  predicts: ${predicts}`);
    const metrics = Object.entries(report.metrics);
    if (metrics.length > 0)
      print(
        `  metrics on ${report.evaluatedRows} held-out rows: ${metrics.map(([name, value]) => `${name} ${value.toFixed(4)}`).join(', ')}`,
      );
    else print('  metrics: none');
    for (const warning of report.warnings) print(`Warning: ${warning}`);
  });
}
