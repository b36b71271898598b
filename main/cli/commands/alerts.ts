import type { Command } from 'commander';
import { alertSummary } from '../../contract/alert-json.js';
import type { Alert } from '../../contract/index.js';
import { cliUser, runWithClient } from '../context.js';
import { formatTable, print, printJson } from '../output.js';
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
            const changed =
              options.ack !== undefined
                ? await client.send('alerts.acknowledge', { id: options.ack })
                : options.resolve !== undefined
                  ? await client.send('alerts.resolve', { id: options.resolve })
                  : null;
            if (changed) {
              if (json) printJson(alertJson(changed));
              else print(`Alert #${changed.id} ${changed.status} by ${actor}: ${changed.title}`);
              return;
            }
            const list = await client.send('alerts.list', {
              status: options.all ? undefined : 'open',
              limit: options.limit,
              model: options.model,
            });
            if (json) {
              printJson(list.map(alertJson));
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

/** The documented snake_case `--json` shape of one alert. */
export function alertJson(alert: Alert): Record<string, unknown> {
  return {
    ...alertSummary(alert),
    last_seen_at: alert.lastSeenAt,
    acknowledged_at: alert.acknowledgedAt,
    acknowledged_by: alert.acknowledgedBy,
    resolved_at: alert.resolvedAt,
    resolved_by: alert.resolvedBy,
    delivery: {
      status: alert.delivery.status,
      attempts: alert.delivery.attempts,
      last_status: alert.delivery.lastStatus,
      last_error: alert.delivery.lastError,
      delivered_at: alert.delivery.deliveredAt,
    },
  };
}
