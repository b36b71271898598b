import type { Command } from 'commander';
import { cliUser, runWithClient } from '../context.js';
import { formatTable, print, printDocument } from '../output.js';
import { modelOption, positiveInteger } from '../parse-options.js';

export function registerAlerts(program: Command): void {
  program
    .command('alerts')
    .description('Open alerts (drift, performance, services, cycles); acknowledge or resolve one')
    .option('--ack <id>', 'acknowledge alert ID', positiveInteger)
    .option('--resolve <id>', 'mark alert ID resolved', positiveInteger)
    .option('--all', 'list alerts of every status, not only open ones', false)
    .option('--limit <n>', 'how many alerts to list', positiveInteger, 50)
    .addOption(modelOption("only this model's alerts (NAME)"))
    .option('--json', 'print as JSON')
    .action(
      async (
        options: { ack?: number; resolve?: number; all: boolean; limit: number; model?: string },
        command: Command,
      ) => {
        // Acknowledging needs no webhook: the operation changes the store and sends nothing.
        const actor = cliUser();
        await runWithClient(
          command,
          async ({ client, json }) => {
            const { AlertSchema, operationSchemas } = await import('../../contract/schemas/index.js');
            const changed =
              options.ack !== undefined
                ? await client.send('alerts.acknowledge', { id: options.ack })
                : options.resolve !== undefined
                  ? await client.send('alerts.resolve', { id: options.resolve })
                  : null;
            if (changed) {
              if (json) printDocument(AlertSchema, changed);
              else print(`Alert #${changed.id} ${changed.status} by ${actor}: ${changed.title}`);
              return;
            }
            const list = await client.send('alerts.list', {
              status: options.all ? undefined : 'open',
              limit: options.limit,
              model: options.model,
            });
            if (json) {
              printDocument(operationSchemas['alerts.list'].output, list);
              return;
            }
            if (list.length === 0) {
              print(
                options.all ? 'No alerts.' : 'No open alerts. (--all shows acknowledged and resolved ones.)',
              );
              return;
            }
            print(
              formatTable(
                ['id', 'severity', 'rule', 'model', 'status', 'count', 'last seen', 'title'],
                list.map((a) => [
                  `#${a.id}`,
                  a.severity,
                  a.rule,
                  a.modelName,
                  a.status,
                  a.count,
                  a.lastSeenAt.replace('T', ' ').slice(0, 19),
                  a.title,
                ]),
              ),
            );
          },
          { actor },
        );
      },
    );
}
