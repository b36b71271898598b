import type { Command } from 'commander';
import type { ApprovalAnswerView } from '../../contract/index.js';
import { cliUser, runWithClient } from '../context.js';
import { formatTable, print, printJson } from '../output.js';
import { positiveInteger } from '../parse-options.js';

export function registerApprovals(program: Command): void {
  program
    .command('approvals')
    .description('Promotions waiting for an approver')
    .option('--json', 'print as JSON')
    .action(async (_options: unknown, command: Command) => {
      await runWithClient(command, async ({ client, environment, json }) => {
        const pending = (await client.send('approvals.list', {})).approvals;
        if (json) {
          printJson({ environment, pending });
          return;
        }
        if (pending.length === 0) {
          print(`No promotion waits for approval in ${environment}.`);
          return;
        }
        print(
          formatTable(
            ['decision', 'model', 'promote', 'over', 'requested by', 'when', 'state'],
            pending.map((p) => [
              `#${p.decisionId}`,
              p.modelName,
              p.challengerVersion === null ? null : `v${p.challengerVersion}`,
              p.championVersion === null ? 'none' : `v${p.championVersion}`,
              p.requestedBy,
              p.createdAt.replace('T', ' ').slice(0, 19),
              p.stale ? `stale: ${p.stale}` : 'pending',
            ]),
          ),
        );
      });
    });

  for (const verdict of ['approve', 'reject'] as const) {
    program
      .command(verdict)
      .description(
        verdict === 'approve'
          ? 'Approve a promotion that waits for approval: the version becomes champion now'
          : 'Reject a promotion that waits for approval: the champion stays',
      )
      .argument('<decision-id>', 'the decision awaiting approval (see podium approvals)', positiveInteger)
      .option('--reason <text>', 'why, for the audit log')
      .option('--actor <name>', 'who answers (default: the OS user); must be a configured approver')
      .option('--json', 'print as JSON')
      .action(async (decisionId: number, options: { reason?: string; actor?: string }, command: Command) => {
        // The approver is the operation's actor: the audit log and the approvers check see the same name.
        await runWithClient(
          command,
          async ({ client, json }) => {
            const input = { decisionId, reason: options.reason };
            const answer =
              verdict === 'approve'
                ? await client.send('approvals.approve', input)
                : await client.send('approvals.reject', input);
            if (json) printJson(answer);
            else printAnswer(answer);
          },
          { actor: cliUser(options.actor) },
        );
      });
  }
}

function printAnswer(answer: ApprovalAnswerView): void {
  if (answer.verdict === 'approved') {
    print(
      `Decision #${answer.decisionId} approved by ${answer.approver}: ${answer.modelName} v${answer.challengerVersion} is the champion${answer.champion.before === null ? '' : ` (was v${answer.champion.before})`}.`,
    );
  } else {
    print(
      `Decision #${answer.decisionId} rejected by ${answer.approver}: ${answer.modelName} v${answer.challengerVersion} stays a challenger; the champion is ${answer.champion.after === null ? 'none' : `v${answer.champion.after}`}.`,
    );
  }
}
