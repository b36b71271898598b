import { type Command, Option } from 'commander';
import { joinModelRef } from '../../common/version-ref.js';
import { ExportReportSchema, ImportReportSchema } from '../../contract/schemas/index.js';
import { runWithClient } from '../context.js';
import { print, printDocument } from '../output.js';
import { modelOption } from '../parse-options.js';
import { exportDockerImage } from './export-docker.js';

export function registerPortable(program: Command): void {
  program
    .command('export')
    .description('Write one version (package, lineage, training dataset, integrity manifest) to a .tgz')
    .argument('<version>', 'a version (3, name:3, name:champion)')
    .argument('<file>', 'the archive to write (.tgz); must not exist yet')
    .addOption(modelOption())
    .option('--without-dataset', 'leave the training dataset snapshot out (evaluate then needs it elsewhere)')
    .addOption(
      new Option('--format <format>', 'archive: the .tgz; docker: the service image as a tar (docker load)')
        .choices(['archive', 'docker'])
        .default('archive'),
    )
    .option('--json', 'print as JSON')
    .action(
      async (
        ref: string,
        file: string,
        options: { withoutDataset?: boolean; model?: string; format: string },
        command: Command,
      ) => {
        await runWithClient(command, async ({ client, json }) => {
          if (options.format === 'docker') return exportDockerImage(client, json, { ...options, ref, file });
          const report = await client.send('versions.export', {
            model: joinModelRef(options.model, ref),
            file,
            includeDataset: !options.withoutDataset,
          });
          if (json) printDocument(ExportReportSchema, report);
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
