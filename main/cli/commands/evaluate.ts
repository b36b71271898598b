import type { Command } from 'commander';
import { joinModelRef } from '../../common/version-ref.js';
import { runWithClient } from '../context.js';
import { decisionJson, printJson } from '../output.js';
import { modelOption } from '../parse-options.js';
import { printDecision } from './print-decision.js';

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate [version]')
    .description(
      'Score a challenger (default: the newest) and the champion on the same held-out rows and record a decision',
    )
    .addOption(modelOption())
    .option('--json', 'print the decision as JSON')
    .action(async (version: string | undefined, options: { model?: string }, command: Command) => {
      await runWithClient(command, async ({ client, json }) => {
        const decision = await client.send('decisions.evaluate', {
          model: joinModelRef(options.model, version),
        });
        if (json) printJson(await decisionJson(decision));
        else printDecision(decision);
      });
    });
}
