import { type Command, Option } from 'commander';
import { joinModelRef } from '../../common/version-ref.js';
import { cliUser, runWithClient } from '../context.js';
import { print, printDocument } from '../output.js';
import { modelOption } from '../parse-options.js';

export function registerRelease(program: Command): void {
  program
    .command('release')
    .description(
      'Copy a dev version (package, lineage, training dataset) into prod, verified by hash, as a prod challenger',
    )
    .argument('<version>', 'a dev version (3, name:3, name:champion)')
    .addOption(
      new Option('--to <environment>', 'where to release to').choices(['prod']).makeOptionMandatory(),
    )
    .option('--reason <text>', 'why, for the audit log')
    .option('--actor <name>', 'who releases (default: the OS user)')
    .addOption(modelOption())
    .option('--json', 'print as JSON')
    .action(
      async (
        ref: string,
        options: { to: 'prod'; reason?: string; actor?: string; model?: string },
        command: Command,
      ) => {
        await runWithClient(
          command,
          async ({ client, json }) => {
            const report = await client.send('release.toProd', {
              model: joinModelRef(options.model, ref),
              reason: options.reason,
            });
            const { ReleaseViewSchema } = await import('../../contract/schemas/index.js');
            if (json) printDocument(ReleaseViewSchema, report);
            else {
              print(
                `Released ${report.model} v${report.source.version} (dev) to ${report.environment} as v${report.version} (${report.stage}); package ${report.packageSha256.slice(0, 12)}, verified against dev's ${report.source.packageSha256.slice(0, 12)}`,
              );
              print(
                `Next: podium --env ${report.environment} promote ${report.version} (waits for approval where required)`,
              );
            }
          },
          { actor: cliUser(options.actor) },
        );
      },
    );
}
