import type { Command } from 'commander';
import { runWithClient } from '../context.js';
import { print, printDocument } from '../output.js';

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('Write the database (online backup), model packages and dataset snapshots to one .tgz')
    .argument('<file>', 'the backup file to write (.tgz); must not exist yet')
    .option('--json', 'print as JSON')
    .action(async (file: string, _options: unknown, command: Command) => {
      await runWithClient(command, async ({ client, json }) => {
        const report = await client.send('maintenance.backup', { file });
        const { BackupReportSchema } = await import('../../contract/schemas/index.js');
        if (json) printDocument(BackupReportSchema, report);
        else
          print(
            `Backup written to ${report.file}: ${report.versions} version${report.versions === 1 ? '' : 's'}, ${report.files} files, ${megabytes(report.bytes)}`,
          );
      });
    });
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
