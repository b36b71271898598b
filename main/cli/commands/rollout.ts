import type { Command } from 'commander';
import type { BakingPeriod, GuardResult, RolloutStatus } from '../../contract/index.js';
import { runWithClient } from '../context.js';
import { formatTable, print, printJson } from '../output.js';
import { modelOption } from '../parse-options.js';

export function registerRollout(program: Command): void {
  const rollout = program
    .command('rollout')
    .description('Guarded rollout: the baking period after a promotion and its guards');
  rollout
    .command('status')
    .description(
      "Check the baking champion's guards now (a breach rolls it back, as the scheduler's check does) and show each guard's value against its limit",
    )
    .addOption(modelOption())
    .option('--json', 'print as JSON')
    .action(async (options: { model?: string }, command: Command) => {
      await runWithClient(command, async ({ client, json }) => {
        const status = await client.send('rollout.status', { model: options.model });
        if (json) printJson(status);
        else printStatus(status);
      });
    });
}

function printStatus(status: RolloutStatus): void {
  const champion = status.champion === null ? 'no champion' : `champion v${status.champion}`;
  print(`${status.model}: ${champion}; baking period ${status.bakingPeriod}.`);
  const period = status.current;
  if (period === null) {
    print(
      'The champion is not baking (restored by a rollback, the first champion, or promoted before its bake could be watched).',
    );
  } else {
    print(describe(period, status.action));
    if (period.guards.length > 0)
      print(formatTable(['guard', 'verdict', 'value', 'limit', 'basis', 'why'], period.guards.map(guardRow)));
  }
  if (status.history.length > 0) {
    print('\nEarlier baking periods:');
    print(
      formatTable(
        ['version', 'status', 'started', 'ended', 'breach'],
        status.history.map((p) => [
          `v${p.version}`,
          p.status,
          p.startedAt.replace('T', ' ').slice(0, 19),
          p.endedAt?.replace('T', ' ').slice(0, 19) ?? null,
          p.breaches.map((b) => b.guard).join(', ') || null,
        ]),
      ),
    );
  }
}

function describe(period: BakingPeriod, action: RolloutStatus['action']): string {
  const since = `since ${period.startedAt.replace('T', ' ').slice(0, 19)}`;
  switch (period.status) {
    case 'baking':
      return `v${period.version} is baking ${since}, until ${period.endsAt.replace('T', ' ').slice(0, 19)}${action === 'opened' ? ' (first check)' : ''}.`;
    case 'passed':
      return `v${period.version} passed its baking period (${since}).`;
    case 'rolled_back':
      return `v${period.version} was rolled back automatically to v${period.previousVersion ?? '?'} (decision #${period.rollbackDecisionId}): ${period.breaches.map((b) => b.reason).join('; ')}.`;
    case 'superseded':
      return `v${period.version} stopped baking: the champion changed by other hands.`;
  }
}

function guardRow(guard: GuardResult): (string | null)[] {
  return [guard.guard, guard.verdict, format(guard.value), format(guard.limit), guard.basis, guard.reason];
}

function format(value: number | null): string | null {
  if (value === null) return null;
  return Number.isInteger(value) ? String(value) : value.toPrecision(3);
}
