import type { Command } from 'commander';
import { PodiumError } from '../../contract/errors.js';
import { createRuntime } from '../../serving/create-runtime.js';
import { ServiceStore } from '../../serving/service-store.js';
import { runWithWorkspace } from '../context.js';
import { formatTable, print, printJson } from '../output.js';
import { positiveInteger } from '../parse-options.js';

async function probe(url: string | null): Promise<string> {
  if (!url) return '-';
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) });
    return response.status === 200 ? 'healthy' : `unhealthy (${response.status})`;
  } catch {
    return 'unreachable';
  }
}

export function registerServices(program: Command): void {
  const services = program.command('services').description('Model services run by `podium serve`');

  services
    .command('list')
    .description('Services with role, runtime, state and health')
    .option('--json', 'print as JSON')
    .action(async (_options: unknown, command: Command) => {
      await runWithWorkspace(command, async ({ workspace, json }) => {
        const records = new ServiceStore(workspace.db, workspace.clock).list();
        const rows = await Promise.all(
          records.map(async (r) => ({
            ...r,
            health: await probe(r.state === 'running' || r.state === 'restarting' ? r.url : null),
          })),
        );
        if (json) {
          printJson(rows);
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
              r.modelName,
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
        await runWithWorkspace(command, async ({ workspace, manager }) => {
          const version = manager.resolveVersion(ref, options.model);
          const store = new ServiceStore(workspace.db, workspace.clock);
          const existing = store.get(version.modelName, version.version);
          const role = version.stage === 'champion' ? 'champion' : 'shadow';
          store.setDesired(
            version.modelName,
            version.version,
            desired,
            existing?.role ?? role,
            existing?.runtime ?? workspace.config.serving.runtime,
          );
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
      await runWithWorkspace(command, async ({ workspace, manager }) => {
        const version = manager.resolveVersion(ref, options.model);
        const record = new ServiceStore(workspace.db, workspace.clock).get(
          version.modelName,
          version.version,
        );
        if (!record)
          throw new PodiumError(
            'NOT_FOUND',
            `v${version.version} has no service; start one with podium serve`,
          );
        if (record.runtime === 'docker' && record.handle) {
          const runtime = await createRuntime('docker', workspace);
          const adopted = (await runtime.adopt()).find((s) => s.spec.version === version.version);
          if (adopted) {
            print(await adopted.logs(options.lines));
            return;
          }
        }
        if (!record.logFile) throw new PodiumError('NOT_FOUND', `v${version.version} has no log file`);
        const { readFile } = await import('node:fs/promises');
        const text = await readFile(record.logFile, 'utf8').catch(() => '');
        print(
          text
            .split('\n')
            .slice(-options.lines - 1)
            .join('\n'),
        );
      });
    });
}
