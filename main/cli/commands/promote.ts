import type { Command } from 'commander';
import { joinModelRef } from '../../common/version-ref.js';
import { cliUser, runWithClient } from '../context.js';
import { decisionJson, printJson } from '../output.js';
import { modelOption } from '../parse-options.js';
import { printDecision } from './print-decision.js';

export function registerPromotion(program: Command): void {
  program
    .command('promote <version>')
    .description(
      'Make a version the champion now (one transaction; a running `podium serve` switches traffic)',
    )
    .option('--reason <text>', 'why, for the decision record')
    .option('--actor <name>', 'who promotes (default: the OS user)')
    .addOption(modelOption())
    .option('--json', 'print the decision as JSON')
    .action(
      async (ref: string, options: { reason?: string; actor?: string; model?: string }, command: Command) => {
        await runWithClient(
          command,
          async ({ client, json }) => {
            const decision = await client.send('decisions.promote', {
              model: joinModelRef(options.model, ref),
              reason: options.reason,
            });
            if (json) printJson(await decisionJson(decision));
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
    .addOption(modelOption())
    .option('--json', 'print the decision as JSON')
    .action(async (options: { reason?: string; actor?: string; model?: string }, command: Command) => {
      await runWithClient(
        command,
        async ({ client, json }) => {
          const { decision } = await client.send('registry.rollback', {
            model: options.model,
            reason: options.reason,
          });
          if (json) printJson(await decisionJson(decision));
          else printDecision(decision);
        },
        { actor: cliUser(options.actor) },
      );
    });
}
