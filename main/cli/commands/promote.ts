import type { Command } from 'commander';
import { resolveActor } from '../../environments/index.js';
import { runWithWorkspace } from '../context.js';
import { printJson } from '../output.js';
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
        await runWithWorkspace(command, async ({ manager, json }) => {
          const version = manager.resolveVersion(ref, options.model);
          const decision = manager.promotions.promote(version, {
            actor: resolveActor(options.actor),
            reason: options.reason,
          });
          if (json) printJson(decision);
          else printDecision(decision);
        });
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
      await runWithWorkspace(command, async ({ manager, workspace, json }) => {
        const decision = manager.promotions.rollback(options.model ?? workspace.config.training.model_name, {
          actor: resolveActor(options.actor),
          reason: options.reason,
        });
        if (json) printJson(decision);
        else printDecision(decision);
      });
    });
}
