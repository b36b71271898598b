import type { Command } from 'commander';
import type { ModelStatus } from '../../contract/index.js';
import { runWithClient } from '../context.js';
import { formatMetrics, formatTable, print, printJson } from '../output.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('Champion, challengers, shadow tests and recent decisions')
    .option('--model <name>', 'registered model name (default: training.model_name)')
    .option('--json', 'print the status as JSON')
    .action(async (options: { model?: string }, command: Command) => {
      await runWithClient(command, async ({ client, json }) => {
        const status = await client.send('status.get', { model: options.model });
        if (json) printJson(statusJson(status));
        else {
          print(`Environment ${status.environment} (workspace ${status.workspace})`);
          printStatus(statusJson(status));
        }
      });
    });
}

/** The documented `podium status --json` shape (snake_case). */
export function statusJson(status: ModelStatus) {
  return {
    model: status.model,
    task: status.task,
    target: status.target,
    champion: status.champion
      ? {
          version: status.champion.version,
          model_type: status.champion.modelType,
          metrics: status.champion.metrics,
          since: status.champion.since,
        }
      : null,
    challengers: status.challengers.map((c) => ({
      version: c.version,
      model_type: c.modelType,
      metrics: c.metrics,
      created_at: c.createdAt,
    })),
    shadow_tests: status.shadowTests.map((s) => ({
      ...(s.report ? { report: s.report } : {}),
      id: s.id,
      status: s.status,
      champion_version: s.championVersion,
      challenger_version: s.challengerVersion,
      duration_days: s.durationDays,
      min_samples: s.minSamples,
      decision_id: s.decisionId,
      created_at: s.createdAt,
    })),
    decisions: status.decisions.map((d) => ({
      id: d.id,
      outcome: d.outcome,
      champion_version: d.championVersion,
      challenger_version: d.challengerVersion,
      reasons: d.reasons,
      summary: d.summary,
      created_at: d.createdAt,
    })),
    environment: status.environment,
    workspace: status.workspace,
  };
}

/** What the status printer reads: `podium status --json`'s shape, which `podium cycle` reports too. */
export type StatusJson = {
  model: string;
  task: string | null;
  target: string | null;
  champion: {
    version: number;
    model_type: string;
    metrics: Record<string, number>;
    since: string | null;
  } | null;
  challengers: { version: number; model_type: string }[];
  shadow_tests: {
    id: number;
    status: string;
    champion_version: number;
    challenger_version: number;
    duration_days: number;
    min_samples: number;
  }[];
  decisions: {
    id: number;
    outcome: string;
    champion_version: number | null;
    challenger_version: number | null;
    summary: string;
    created_at: string;
  }[];
};

export function printStatus(status: StatusJson): void {
  print(`Model ${status.model}${status.task ? ` (${status.task}, target ${status.target})` : ''}`);
  if (!status.champion) {
    print('Champion: none yet. Train one: podium train --data FILE --auto-evaluate');
  } else {
    print(
      `Champion: v${status.champion.version} (${status.champion.model_type}) since ${status.champion.since ?? '?'}  ${formatMetrics(status.champion.metrics)}`,
    );
  }
  print(
    status.challengers.length === 0
      ? 'Challengers: none'
      : `Challengers: ${status.challengers.map((c) => `v${c.version} (${c.model_type})`).join(', ')}`,
  );
  const open = status.shadow_tests.filter((s) => s.status === 'pending' || s.status === 'running');
  print(
    open.length === 0
      ? 'Shadow tests: none open'
      : `Shadow tests: ${open.map((s) => `#${s.id} v${s.challenger_version} vs v${s.champion_version} ${s.status}, ${s.duration_days} days, ≥${s.min_samples} labelled pairs`).join('; ')}`,
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
            d.champion_version ? `v${d.champion_version}` : null,
            d.challenger_version ? `v${d.challenger_version}` : null,
            d.created_at.replace('T', ' ').slice(0, 19),
            d.summary,
          ]),
      ),
    );
  }
}
