import type { Command } from 'commander';
import { toSnakeCaseDocument } from '../../contract/documented-json.js';
import type { LifecycleStatusView, ModelStatus } from '../../contract/index.js';
import { lifecycleStatusView } from '../../contract/status-view.js';
import { runWithClient } from '../context.js';
import { formatMetrics, formatTable, print, printJson } from '../output.js';
import { modelOption } from '../parse-options.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('Champion, challengers, shadow tests and recent decisions')
    .addOption(modelOption())
    .option('--json', 'print the status as JSON')
    .action(async (options: { model?: string }, command: Command) => {
      await runWithClient(command, async ({ client, json }) => {
        const status = await client.send('status.get', { model: options.model });
        if (json) printJson(await statusJson(status));
        else {
          print(`Environment ${status.environment} (workspace ${status.workspace})`);
          printStatus(lifecycleStatusView(status), status.environment);
        }
      });
    });
}

/** The documented `podium status --json` (snake_case: contract/documented-json.ts). */
export async function statusJson(status: ModelStatus) {
  const { LifecycleStatusViewSchema } = await import('../../contract/schemas/index.js');
  return {
    ...(toSnakeCaseDocument(LifecycleStatusViewSchema, lifecycleStatusView(status)) as object),
    environment: status.environment,
    workspace: status.workspace,
  };
}

/** How a model first reaches an environment: trained in dev, released (never trained) in prod. */
export function firstModelHint(environment: string): string {
  return environment === 'prod'
    ? 'Prod trains nothing; release a dev version into it: podium release VERSION'
    : 'Train one: podium train --data FILE --auto-evaluate';
}

/** Prints a model's lifecycle, as `podium status` and `podium cycle` report it. */
export function printStatus(status: LifecycleStatusView, environment: string): void {
  if (status.model === '') {
    print(`No model is registered yet. ${firstModelHint(environment)}`);
    return;
  }
  print(`Model ${status.model}${status.task ? ` (${status.task}, target ${status.target})` : ''}`);
  if (!status.champion) {
    print(`Champion: none yet. ${firstModelHint(environment)}`);
  } else {
    print(
      `Champion: v${status.champion.version} (${status.champion.modelType}) since ${status.champion.since ?? '?'}  ${formatMetrics(status.champion.metrics)}`,
    );
  }
  print(
    status.challengers.length === 0
      ? 'Challengers: none'
      : `Challengers: ${status.challengers.map((c) => `v${c.version} (${c.modelType})`).join(', ')}`,
  );
  const open = status.shadowTests.filter((s) => s.status === 'pending' || s.status === 'running');
  print(
    open.length === 0
      ? 'Shadow tests: none open'
      : `Shadow tests: ${open.map((s) => `#${s.id} v${s.challengerVersion} vs v${s.championVersion} ${s.status}, ${s.durationDays} days, ≥${s.minSamples} labelled pairs`).join('; ')}`,
  );
  if (status.decisions.length > 0) {
    print();
    print(
      formatTable(
        ['decision', 'outcome', 'champion', 'challenger', 'when', 'why'],
        status.decisions
          .slice(0, 10)
          .map((d) => [
            `#${d.id}`,
            d.outcome,
            d.championVersion ? `v${d.championVersion}` : null,
            d.challengerVersion ? `v${d.challengerVersion}` : null,
            d.createdAt.replace('T', ' ').slice(0, 19),
            d.summary,
          ]),
      ),
    );
  }
}
