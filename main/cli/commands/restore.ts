import { resolve } from 'node:path';
import type { Command } from 'commander';
import { PodiumError } from '../../contract/errors.js';
import type { EnvironmentName } from '../../workspace/environment.js';
import { runPlain, selectedWorkspace } from '../context.js';
import { formatTable, print, printJson } from '../output.js';

type RestoreOptions = { listPrevious?: boolean; undo?: string | boolean };

export function registerRestore(program: Command): void {
  program
    .command('restore')
    .description(
      'Verify a backup completely, then swap it in; the replaced state is kept under backups/before-restore-<time>/ (see --list-previous, --undo)',
    )
    .argument('[file]', 'a backup written by podium backup')
    .option('--list-previous', 'list the states earlier restores replaced, newest first')
    .option('--undo [name]', 'put back the newest (or the named) state an earlier restore replaced')
    .option('--json', 'print as JSON')
    .action(async (file: string | undefined, options: RestoreOptions, command: Command) => {
      // Not runWithWorkspace: the database being replaced must not be open (or migrated) here.
      await runPlain(command, async (json) => {
        const { dir, environment } = await selectedWorkspace(command);
        const chosen = [file !== undefined, options.listPrevious === true, options.undo !== undefined];
        if (chosen.filter(Boolean).length !== 1)
          throw new PodiumError(
            'USAGE',
            'podium restore takes one of: a backup file, --list-previous, or --undo [name]',
          );
        if (options.listPrevious) return listPrevious(dir, json);
        if (options.undo !== undefined)
          return undo(dir, typeof options.undo === 'string' ? options.undo : undefined, environment, json);
        const { restoreWorkspace } = await import('../../app/without-workspace.js');
        const report = await restoreWorkspace(dir, file as string, environment);
        if (json) return printJson(report);
        print(`Restored ${report.workspace} from ${report.file} (taken ${report.backup_created_at})`);
        print(
          `${report.versions} version${report.versions === 1 ? '' : 's'}, ${report.files} files; the previous state is in ${report.previous_state} (podium restore --undo puts it back)`,
        );
        if (report.warning) print(`Warning: ${report.warning}`);
        for (const notice of report.notices) print(`Note: ${notice}`);
      });
    });
}

async function listPrevious(dir: string, json: boolean): Promise<void> {
  const { previousWorkspaceStates } = await import('../../app/without-workspace.js');
  const states = await previousWorkspaceStates(dir);
  if (json) return printJson({ workspace: resolve(dir), previous_states: states });
  if (states.length === 0) {
    print('No state replaced by a restore is kept in this workspace; there is nothing to undo.');
    return;
  }
  print(
    formatTable(
      ['NAME', 'REPLACED AT', 'VERSIONS', 'DATASETS', 'ENV', 'REPLACED BY'],
      states.map((s) => [s.name, s.replaced_at, s.versions, s.datasets, s.environment, s.replaced_by]),
    ),
  );
  for (const state of states.filter((s) => s.problem !== null)) print(`${state.name}: ${state.problem}`);
  print('');
  print('podium restore --undo puts back the newest; podium restore --undo <name> a given one.');
}

async function undo(
  dir: string,
  name: string | undefined,
  environment: EnvironmentName,
  json: boolean,
): Promise<void> {
  const { undoWorkspaceRestore } = await import('../../app/without-workspace.js');
  const report = await undoWorkspaceRestore(dir, name, environment);
  if (json) return printJson(report);
  print(`Put back ${report.restored} (replaced ${report.replaced_at}) in ${report.workspace}`);
  print(
    `${report.versions} version${report.versions === 1 ? '' : 's'}; the state it replaced is in ${report.previous_state} (podium restore --undo puts that back in turn)`,
  );
  for (const notice of report.notices) print(`Note: ${notice}`);
}
