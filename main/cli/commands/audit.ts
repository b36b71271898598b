import type { Command } from 'commander';
import { listAudit } from '../../environments/index.js';
import { runWithWorkspace } from '../context.js';
import { formatTable, print, printJson } from '../output.js';
import { positiveInteger } from '../parse-options.js';

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description(
      'Who released, promoted, approved, rejected or rolled back what, when and why (newest first)',
    )
    .option('--model <name>', 'only this model')
    .option('--limit <n>', 'at most this many entries', positiveInteger, 50)
    .option('--json', 'print as JSON')
    .action(async (options: { model?: string; limit: number }, command: Command) => {
      await runWithWorkspace(command, async ({ workspace, json }) => {
        const entries = listAudit(workspace, { limit: options.limit, modelName: options.model });
        if (json) {
          printJson({ environment: workspace.environment, entries });
          return;
        }
        if (entries.length === 0) {
          print(`No audited transitions in ${workspace.environment} yet.`);
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
