import { type Command, Option } from 'commander';
import { loadConfig } from '../../config/index.js';
import { PodiumError } from '../../contract/errors.js';
import { openEnvironment, releaseVersion, resolveActor } from '../../environments/index.js';
import type { Workspace } from '../../workspace/index.js';
import { runWithWorkspace, selectedWorkspace } from '../context.js';
import { print, printJson } from '../output.js';

export function registerRelease(program: Command): void {
  program
    .command('release')
    .description(
      'Copy a dev version (package, lineage, training dataset) into prod, verified by hash, as a prod challenger',
    )
    .argument('<version>', 'a dev version (3, v3, name:3)')
    .addOption(
      new Option('--to <environment>', 'where to release to').choices(['prod']).makeOptionMandatory(),
    )
    .option('--reason <text>', 'why, for the audit log')
    .option('--actor <name>', 'who releases (default: the OS user)')
    .option('--model <name>', 'registered model name (default: training.model_name)')
    .option('--json', 'print as JSON')
    .action(
      async (
        ref: string,
        options: { to: 'prod'; reason?: string; actor?: string; model?: string },
        command: Command,
      ) => {
        await runWithWorkspace(command, async ({ workspace, manager, json }) => {
          if (workspace.environment !== 'dev') {
            throw new PodiumError(
              'USAGE',
              `release copies from dev; run it without --env ${workspace.environment} (with --workspace naming the dev folder)`,
              { environment: workspace.environment },
            );
          }
          const version = manager.resolveVersion(ref, options.model);
          const config = loadConfig();
          let target: Workspace | null = null;
          try {
            target = openEnvironment(selectedWorkspace(command, config).devDir, options.to, { config });
            const report = await releaseVersion({
              source: workspace,
              target,
              version,
              actor: resolveActor(options.actor),
              reason: options.reason,
            });
            if (json) printJson(report);
            else {
              print(
                `Released ${report.model} v${report.source.version} (dev) to ${report.environment} as v${report.version} (${report.stage}); package ${report.package_sha256.slice(0, 12)}, verified against dev's ${report.source.package_sha256.slice(0, 12)}`,
              );
              print(
                `Next: podium --env ${report.environment} promote ${report.version} (waits for approval where required)`,
              );
            }
          } finally {
            target?.close();
          }
        });
      },
    );
}
