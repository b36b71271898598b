import type { Command } from 'commander';
import { restoreWorkspace } from '../../app/without-workspace.js';
import { BackupReportSchema } from '../../contract/schemas/index.js';
import { runPlain, runWithClient, selectedWorkspace } from '../context.js';
import { print, printDocument, printJson } from '../output.js';

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('Write the database (online backup), model packages and dataset snapshots to one .tgz')
    .argument('<file>', 'the backup file to write (.tgz); must not exist yet')
    .option('--json', 'print as JSON')
    .action(async (file: string, _options: unknown, command: Command) => {
      await runWithClient(command, async ({ client, json }) => {
        const report = await client.send('maintenance.backup', { file });
        if (json) printDocument(BackupReportSchema, report);
        else
          print(
            `Backup written to ${report.file}: ${report.versions} version${report.versions === 1 ? '' : 's'}, ${report.files} files, ${megabytes(report.bytes)}`,
          );
      });
    });

  program
    .command('restore')
    .description(
      'Verify a backup completely, then swap it in; the replaced state is kept under backups/before-restore-<time>/',
    )
    .argument('<file>', 'a backup written by podium backup')
    .option('--json', 'print as JSON')
    .action(async (file: string, _options: unknown, command: Command) => {
      // Not runWithWorkspace: the database being replaced must not be open (or migrated) here.
      await runPlain(command, async (json) => {
        const { dir, environment } = selectedWorkspace(command);
        const report = await restoreWorkspace(dir, file, environment);
        if (json) printJson(report);
        else {
          print(`Restored ${report.workspace} from ${report.file} (taken ${report.backup_created_at})`);
          print(
            `${report.versions} version${report.versions === 1 ? '' : 's'}, ${report.files} files; the previous state is in ${report.previous_state}`,
          );
          if (report.warning) print(`Warning: ${report.warning}`);
        }
      });
    });
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
