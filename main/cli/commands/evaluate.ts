import type { Command } from 'commander';
import { parseVersionRef } from '../../common/version-ref.js';
import { runWithClient } from '../context.js';
import { decisionJson, printJson } from '../output.js';
import { printDecision } from './print-decision.js';

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate <version>')
    .description('Score a challenger and the champion on the same held-out rows and record a decision')
    .option('--model <name>', 'registered model name (default: training.model_name)')
    .option('--json', 'print the decision as JSON')
    .action(async (version: string, options: { model?: string }, command: Command) => {
      await runWithClient(command, async ({ client, config, json }) => {
        const ref = parseVersionRef(version, options.model ?? config.training.model_name);
        const decision = await client.send('decisions.evaluate', {
          model: ref.modelName,
          version: ref.version,
        });
        if (json) printJson(decisionJson(decision));
        else printDecision(decision);
      });
    });
}
