import type { Command } from 'commander';
import { parseVersionRef } from '../../common/version-ref.js';
import { cliUser, runWithClient } from '../context.js';
import { decisionJson, printJson } from '../output.js';
import { printDecision } from './print-decision.js';

export function registerPromotion(program: Command): void {
  program
    .command('promote <version>')
    .description(
      'Make a version the champion now (one transaction; a running `podium serve` switches traffic)',
    )
    .option('--reason <text>', 'why, for the decision record')
    .option('--actor <name>', 'who promotes (default: the OS user)')
    .option('--model <name>', 'registered model name (default: training.model_name)')
    .option('--json', 'print the decision as JSON')
    .action(
      async (ref: string, options: { reason?: string; actor?: string; model?: string }, command: Command) => {
        await runWithClient(
          command,
          async ({ client, config, json }) => {
            const version = parseVersionRef(ref, options.model ?? config.training.model_name);
            const decision = await client.send('decisions.promote', {
              model: version.modelName,
              version: version.version,
              reason: options.reason,
            });
            if (json) printJson(decisionJson(decision));
            else printDecision(decision);
          },
          { actor: cliUser(options.actor) },
        );
      },
    );

  program
    .command('rollback')
    .description('Restore the previous champion in one step')
    .option('--reason <text>', 'why, for the decision record')
    .option('--actor <name>', 'who rolls back (default: the OS user)')
    .option('--model <name>', 'registered model name (default: training.model_name)')
    .option('--json', 'print the decision as JSON')
    .action(async (options: { reason?: string; actor?: string; model?: string }, command: Command) => {
      await runWithClient(
        command,
        async ({ client, json }) => {
          const { decision } = await client.send('registry.rollback', {
            model: options.model,
            reason: options.reason,
          });
          if (json) printJson(decisionJson(decision));
          else printDecision(decision);
        },
        { actor: cliUser(options.actor) },
      );
    });
}
