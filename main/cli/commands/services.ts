import type { Command } from 'commander';
import { joinModelRef, parseModelRef } from '../../common/version-ref.js';
import { PodiumError } from '../../contract/errors.js';
import { runWithClient } from '../context.js';
import { formatTable, print, printJson } from '../output.js';
import { modelOption, positiveInteger } from '../parse-options.js';

export function registerServices(program: Command): void {
  const services = program.command('services').description('Model services run by `podium serve`');

  services
    .command('list')
    .description('Services with role, runtime, state and health')
    .addOption(modelOption('only the services of this model (NAME)'))
    .option('--json', 'print as JSON')
    .action(async (options: { model?: string }, command: Command) => {
      await runWithClient(command, async ({ client, json }) => {
        const rows = await client.send('services.list', { model: options.model });
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
      .addOption(modelOption())
      .action(async (ref: string, options: { model?: string }, command: Command) => {
        await runWithClient(command, async ({ client }) => {
          const service = await client.send('services.setDesired', {
            model: joinModelRef(options.model, ref),
            desired,
          });
          print(`Asked for ${service.model} v${service.version} to be ${desired}.`);
        });
      });
  }

  services
    .command('logs <version>')
    .description("A service's log")
    .option('--lines <n>', 'last lines', positiveInteger, 100)
    .addOption(modelOption())
    .action(async (ref: string, options: { lines: number; model?: string }, command: Command) => {
      await runWithClient(command, async ({ client }) => {
        const wanted = parseModelRef(ref);
        // The model is resolved by the operation (the default one when none is named); the
        // version by number, or by the role its service plays (champion, shadow).
        const services = await client.send('services.list', { model: joinModelRef(options.model, ref) });
        const service = services.find((s) =>
          wanted.version !== undefined ? s.version === wanted.version : s.role === wanted.alias,
        );
        if (!service) {
          throw new PodiumError(
            'NOT_FOUND',
            `No service of ${ref}${services.length === 0 ? ': none is recorded (podium serve starts them)' : `; the services: ${services.map((s) => `${s.model}:${s.version} (${s.role})`).join(', ')}`}`,
          );
        }
        const log = await client.send('services.logs', {
          serviceId: `${service.model}:${service.version}`,
          lines: options.lines,
        });
        if (log.file === null && log.lines.length === 0)
          throw new PodiumError('NOT_FOUND', `${service.model} v${service.version} has no log file`);
        print(log.lines.join('\n'));
      });
    });
}
