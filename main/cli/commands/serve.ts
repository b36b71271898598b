import { type Command, Option } from 'commander';
import { AlertService } from '../../monitoring/alerts/index.js';
import { startServingMonitor } from '../../monitoring/serving-monitor.js';
import { shadowFinishedAlert } from '../../monitoring/shadow-alert.js';
import { createRuntime } from '../../serving/create-runtime.js';
import { ServingController } from '../../serving/serving-controller.js';
import { runWithWorkspace } from '../context.js';
import { print } from '../output.js';
import { positiveInteger } from '../parse-options.js';
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
    .option('--port <n>', 'gateway port (default: serving.port)', positiveInteger)
    .option('--model <name>', 'registered model name (default: training.model_name)')
    .option(
      '--check-every <seconds>',
      'how often shadow tests are checked for a verdict',
      positiveInteger,
      10,
    )
    .action(
      async (
        options: { runtime?: 'process' | 'docker'; port?: number; model?: string; checkEvery: number },
        command: Command,
      ) => {
        await runWithWorkspace(command, async ({ workspace, manager }) => {
          const modelName = options.model ?? workspace.config.training.model_name;
          if (!manager.versionStore.champion(modelName)) {
            print(`${modelName} has no champion yet; the gateway answers 503 until one is promoted.`);
          }
          const runtime = await createRuntime(options.runtime ?? workspace.config.serving.runtime, workspace);
          const controller = new ServingController({
            workspace,
            manager,
            modelName,
            runtime,
            gatewayPort: options.port,
          });
          const url = await controller.start();
          const alerts = AlertService.forWorkspace(workspace);
          const monitor = await startServingMonitor({ workspace, manager, controller, modelName, alerts });
          print(`Gateway for ${modelName} on ${url} (${runtime.name} runtime)`);
          if (monitor.metricsUrl) print(`App metrics for Prometheus on ${monitor.metricsUrl}/metrics`);
          for (const service of controller.services()) {
            print(
              `  v${service.version} ${service.role} at ${service.handle.url} (${service.handle.runtime} ${service.handle.id})`,
            );
          }
          // Shadow tests end early on a clear winner or loser: check them while serving.
          const check = setInterval(() => {
            try {
              for (const decision of manager.shadow.checkAll(modelName, 'serve')) {
                printDecision(decision);
                alerts.raise(shadowFinishedAlert(decision));
                void controller.reconcile();
              }
            } catch (error) {
              workspace.logger.error({ err: error }, 'shadow check failed');
            }
          }, options.checkEvery * 1000);
          await untilStopped(() =>
            print('Forced exit; services left running are adopted by the next `podium serve`.'),
          );
          clearInterval(check);
          print('Stopping: draining requests, stopping services…');
          await monitor.stop();
          await controller.stop({ keepContainers: false });
          await alerts.close();
          print('Stopped.');
        });
      },
    );
}
