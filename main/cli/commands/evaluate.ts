import type { Command } from 'commander';
import { runWithWorkspace } from '../context.js';
import { printJson } from '../output.js';
import { printDecision } from './print-decision.js';

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate <version>')
    .description('Score a challenger and the champion on the same held-out rows and record a decision')
    .option('--model <name>', 'registered model name (default: training.model_name)')
    .option('--json', 'print the decision as JSON')
    .action(async (version: string, options: { model?: string }, command: Command) => {
      await runWithWorkspace(command, async ({ manager, json }) => {
        const ref = options.model && !/[:@]/.test(version) ? `${options.model}:${version}` : version;
        const decision = await manager.evaluateChallenger(ref, { actor: 'cli' });
        if (json) printJson(decision);
        else printDecision(decision);
      });
    });
}
