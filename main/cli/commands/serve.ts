import { type Command, Option } from 'commander';
import { SHADOW_CHECK_INTERVAL_MS } from '../../app/shadow-check-interval.js';
import { runWithWorkspace } from '../context.js';
import { print } from '../output.js';
import { modelOption, port, positiveInteger } from '../parse-options.js';
import { untilStopped } from '../until-stopped.js';
import { printDecision } from './print-decision.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'Run the gateway plus services for the champion and active shadows; Ctrl-C stops all cleanly',
    )
    .addOption(
      new Option('--runtime <runtime>', 'process or docker (default: serving.runtime)').choices([
        'process',
        'docker',
      ]),
    )
    .option('--port <n>', 'gateway port (default: serving.port)', port)
    .addOption(modelOption('the model to serve (NAME; default: the only model, or training.model_name)'))
    .option(
      '--check-every <seconds>',
      'how often shadow tests are checked for a verdict',
      positiveInteger,
      SHADOW_CHECK_INTERVAL_MS / 1000,
    )
    .action(
      async (
        options: { runtime?: 'process' | 'docker'; port?: number; model?: string; checkEvery: number },
        command: Command,
      ) => {
        await runWithWorkspace(command, async ({ workspace, manager, stores }) => {
          // Shadow tests end early on a clear winner or loser: the session checks them while serving.
          const { startServingSession } = await import('../../app/serving-session.js');
          const session = await startServingSession({
            workspace,
            manager,
            stores,
            modelName: options.model,
            runtime: options.runtime,
            gatewayPort: options.port,
            actor: 'serve',
            shadowCheckIntervalMs: options.checkEvery * 1000,
            onDecision: printDecision,
          });
          const { controller, monitor, modelName } = session;
          if (!stores.versions.champion(modelName)) {
            print(`${modelName} has no champion yet; the gateway answers 503 until one is promoted.`);
          }
          const gateway = controller.gateway;
          print(
            `Gateway for ${modelName} on ${session.url} (${session.runtime} runtime; gateway pid ${gateway.pid}${gateway.adopted ? ', adopted' : ''})`,
          );
          const metricsPort = workspace.config.monitoring.metrics_port;
          if (monitor.metricsUrl) print(`App metrics for Prometheus on ${monitor.metricsUrl}/metrics`);
          else if (metricsPort > 0)
            print(
              `App metrics are off: port ${metricsPort} (monitoring.metrics_port) is not available; set another, or 0 to silence this.`,
            );
          for (const service of controller.services()) {
            print(
              `  v${service.version} ${service.role} at ${service.handle.url} (${service.handle.runtime} ${service.handle.id})`,
            );
          }
          await untilStopped(() =>
            print(
              'Forced exit; the gateway and Docker services left running are adopted by the next `podium serve`.',
            ),
          );
          print('Stopping: draining requests, stopping the gateway and the services…');
          await session.stop();
          print('Stopped.');
        });
      },
    );
}
