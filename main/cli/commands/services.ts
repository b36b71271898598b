import type { Command } from 'commander';
import { parseVersionRef } from '../../common/version-ref.js';
import { PodiumError } from '../../contract/errors.js';
import { runWithClient } from '../context.js';
import { formatTable, print, printJson } from '../output.js';
import { positiveInteger } from '../parse-options.js';

export function registerServices(program: Command): void {
  const services = program.command('services').description('Model services run by `podium serve`');

  services
    .command('list')
    .description('Services with role, runtime, state and health')
    .option('--json', 'print as JSON')
    .action(async (_options: unknown, command: Command) => {
      await runWithClient(command, async ({ client, json }) => {
        const rows = await client.send('services.list', {});
        if (json) {
          // As it has always printed the services table's records, with their health.
          printJson(
            rows.map((r) => ({
              modelName: r.model,
              version: r.version,
              role: r.role,
              runtime: r.runtime,
              desiredState: r.desiredState,
              pinned: r.pinned,
              state: r.state,
              url: r.url,
              handle: r.handle,
              restarts: r.restarts,
              logFile: r.logFile,
              updatedAt: r.updatedAt,
              health: r.health,
            })),
          );
          return;
        }
        if (rows.length === 0) {
          print('No services. Start the gateway and services with: podium serve');
          return;
        }
        print(
          formatTable(
            [
              'model',
              'version',
              'role',
              'runtime',
              'desired',
              'state',
              'health',
              'url',
              'pid/container',
              'restarts',
              'updated',
            ],
            rows.map((r) => [
              r.model,
              `v${r.version}`,
              r.role,
              r.runtime,
              r.desiredState,
              r.state,
              r.health,
              r.url,
              r.handle?.slice(0, 12),
              r.restarts,
              r.updatedAt.replace('T', ' ').slice(0, 19),
            ]),
          ),
        );
      });
    });

  for (const [name, desired] of [
    ['start', 'running'],
    ['stop', 'stopped'],
  ] as const) {
    services
      .command(`${name} <version>`)
      .description(
        `${name === 'start' ? 'Run' : 'Stop'} a version's service (a running \`podium serve\` acts within a second)`,
      )
      .option('--model <name>', 'registered model name')
      .action(async (ref: string, options: { model?: string }, command: Command) => {
        await runWithClient(command, async ({ client, config }) => {
          const version = parseVersionRef(ref, options.model ?? config.training.model_name);
          await client.send('services.setDesired', {
            model: version.modelName,
            version: version.version,
            desired,
          });
          print(`Asked for ${version.modelName} v${version.version} to be ${desired}.`);
        });
      });
  }

  services
    .command('logs <version>')
    .description("A service's log")
    .option('--lines <n>', 'last lines', positiveInteger, 100)
    .option('--model <name>', 'registered model name')
    .action(async (ref: string, options: { lines: number; model?: string }, command: Command) => {
      await runWithClient(command, async ({ client, config }) => {
        const version = parseVersionRef(ref, options.model ?? config.training.model_name);
        const log = await client.send('services.logs', {
          serviceId: `${version.modelName}:${version.version}`,
          lines: options.lines,
        });
        if (log.file === null && log.lines.length === 0)
          throw new PodiumError('NOT_FOUND', `v${version.version} has no log file`);
        print(log.lines.join('\n'));
      });
    });
}
