import type { Command } from 'commander';
import { runWithClient } from '../context.js';
import { formatTable, print, printJson } from '../output.js';
import { modelOption, positiveInteger } from '../parse-options.js';

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description(
      'Who released, promoted, approved, rejected or rolled back what, when and why (newest first)',
    )
    .addOption(modelOption('only this model (NAME)'))
    .option('--limit <n>', 'at most this many entries', positiveInteger, 50)
    .option('--json', 'print as JSON')
    .action(async (options: { model?: string; limit: number }, command: Command) => {
      await runWithClient(command, async ({ client, environment, json }) => {
        const { entries } = await client.send('audit.list', {
          limit: options.limit,
          model: options.model,
          details: json,
        });
        if (json) {
          printJson({ environment, entries });
          return;
        }
        if (entries.length === 0) {
          print(`No audited transitions in ${environment} yet.`);
          return;
        }
        print(
          formatTable(
            ['when', 'action', 'model', 'from', 'to', 'decision', 'who', 'why'],
            entries.map((e) => [
              e.createdAt.replace('T', ' ').slice(0, 19),
              e.action,
              e.modelName,
              e.fromVersion === null ? null : `v${e.fromVersion}`,
              e.toVersion === null ? null : `v${e.toVersion}`,
              e.decisionId === null ? null : `#${e.decisionId}`,
              e.actor,
              e.reason,
            ]),
          ),
        );
      });
    });
}
