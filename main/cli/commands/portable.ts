import { type Command, Option } from 'commander';
import { joinModelRef } from '../../common/version-ref.js';
import { ExportReportSchema, ImportReportSchema } from '../../contract/schemas/index.js';
import { runWithClient } from '../context.js';
import { print, printDocument } from '../output.js';
import { modelOption } from '../parse-options.js';

export function registerPortable(program: Command): void {
  program
    .command('export')
    .description(
      'Write one version (package, lineage, training dataset, integrity manifest) to a .tgz, or as ONNX or an MLflow model',
    )
    .argument('<version>', 'a version (3, name:3, name:champion)')
    .argument(
      '<file>',
      'the archive (.tgz) or ONNX file to write, which must not exist yet; for mlflow, a new or empty folder',
    )
    .addOption(modelOption())
    .addOption(
      new Option(
        '--format <format>',
        'podium: the portable archive; onnx: one ONNX graph; mlflow: an MLflow model directory',
      )
        .choices(['podium', 'onnx', 'mlflow'])
        .default('podium'),
    )
    .option('--without-dataset', 'leave the training dataset snapshot out (evaluate then needs it elsewhere)')
    .option('--json', 'print as JSON')
    .action(
      async (
        ref: string,
        file: string,
        options: { withoutDataset?: boolean; model?: string; format: 'podium' | 'onnx' | 'mlflow' },
        command: Command,
      ) => {
        await runWithClient(command, async ({ client, json }) => {
          const report = await client.send('versions.export', {
            model: joinModelRef(options.model, ref),
            file,
            includeDataset: !options.withoutDataset,
            format: options.format,
          });
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
    .description('Verify an exported version and register it as a new challenger')
    .argument('<file>', 'an archive written by podium export')
    .option('--model <name>', 'register under this model name (default: the exported model name)')
    .option('--json', 'print as JSON')
    .action(async (file: string, options: { model?: string }, command: Command) => {
      await runWithClient(command, async ({ client, json }) => {
        const report = await client.send('versions.import', { file, model: options.model });
        if (json) printDocument(ImportReportSchema, report);
        else {
          print(
            `Imported ${report.source.model} v${report.source.version} as ${report.model} v${report.version} (${report.stage})`,
          );
          for (const warning of report.warnings) print(`Warning: ${warning}`);
        }
      });
    });
}
