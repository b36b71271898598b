import { type Command, Option } from 'commander';
import { toSnakeCaseDocument } from '../../contract/documented-json.js';
import type { WalmartDemoEvent } from '../../demo/walmart.js';
import { runWithWorkspace } from '../context.js';
import { print, printJson } from '../output.js';
import { port } from '../parse-options.js';
import { createProgressReporter } from '../progress.js';
import { comparisonJson, printComparison } from './compare.js';
import { printChain } from './lineage.js';

export function registerDemo(program: Command): void {
  const demo = program.command('demo').description('Run a whole story end to end on shipped data');
  demo
    .command('walmart')
    .description(
      'Walmart weekly sales: compare five models, register the champion, score the file with lineage, serve it, answer one /predict, print the lineage',
    )
    .option('--model <name>', 'model name (the README and data/walmart.csv call it walmart)', 'walmart')
    .addOption(
      new Option('--runtime <runtime>', 'process or docker (default: serving.runtime)').choices([
        'process',
        'docker',
      ]),
    )
    .option('--port <n>', 'gateway port (default: serving.port)', port)
    .option('--keep-serving', 'keep the gateway and service running until Ctrl-C', false)
    .option('--json', 'print the results as JSON')
    .action(
      async (
        options: { model: string; runtime?: 'process' | 'docker'; port?: number; keepServing: boolean },
        command: Command,
      ) => {
        await runWithWorkspace(command, async ({ workspace, manager, stores, json }) => {
          const progress = createProgressReporter({ json });
          let stepNumber = 0;
          const { runWalmartDemo } = await import('../../demo/walmart.js');
          const result = await runWalmartDemo(
            { workspace, manager, stores },
            {
              modelName: options.model,
              runtime: options.runtime,
              port: options.port,
              keepServing: options.keepServing,
              onProgress: progress.onProgress,
              onStep: (message) => {
                if (!json) print(`\n[${++stepNumber}/5] ${message}`);
              },
              onResult: (event) => {
                progress.stop();
                if (!json) printStep(event);
              },
            },
          );
          progress.stop();
          if (json) {
            const { LineageChainSchema } = await import('../../contract/schemas/index.js');
            printJson({
              comparison: await comparisonJson(result.comparison, 'time'),
              batch_prediction: {
                id: result.batch.id,
                rows: result.batch.rowCount,
                output: result.batch.outputPath,
              },
              request: result.request,
              response: result.response,
              lineage: toSnakeCaseDocument(LineageChainSchema, result.lineage),
            });
          }
          if (result.session) {
            print(`\nServing on ${result.gatewayUrl}; Ctrl-C stops it.`);
            await new Promise<void>((resolve) => {
              process.once('SIGINT', () => resolve());
              process.once('SIGTERM', () => resolve());
            });
            await result.session.stop();
          }
        });
      },
    );
}

function printStep(event: WalmartDemoEvent): void {
  switch (event.step) {
    case 'compare':
      printComparison(event.comparison, 'time');
      return;
    case 'predict':
      print(`Scored ${event.batch.rowCount} rows into ${event.batch.outputPath}`);
      return;
    case 'serve':
      print(`Gateway on ${event.gatewayUrl} (${event.runtime} runtime)`);
      return;
    case 'request':
      print(`POST ${event.request.url}`);
      print(`  ${JSON.stringify(event.request.body)}`);
      print(`→ ${event.response.status} ${JSON.stringify(event.response.body)}`);
      return;
    case 'lineage':
      printChain(event.lineage);
      return;
  }
}
