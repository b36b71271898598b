import type { Command } from 'commander';
import { runWithClient } from '../context.js';
import { formatMetrics, formatTable, print, printJson } from '../output.js';
import { positiveInteger } from '../parse-options.js';

export function registerRuns(program: Command): void {
  program
    .command('runs')
    .description('Tracked training runs, newest first')
    .option('--experiment <name>', 'only this experiment')
    .option('--limit <n>', 'at most this many runs', positiveInteger, 50)
    .option('--json', 'print the runs as JSON')
    .action(async (options: { experiment?: string; limit: number }, command: Command) => {
      await runWithClient(command, async ({ client, json }) => {
        const runs = await client.send('runs.list', { experiment: options.experiment, limit: options.limit });
        if (json) {
          printJson(
            runs.map((run) => ({
              id: run.id,
              experiment: run.experimentName,
              parent_run_id: run.parentRunId,
              name: run.name,
              status: run.status,
              dataset_id: run.datasetId,
              started_at: run.startedAt,
              ended_at: run.endedAt,
              params: run.params,
              tags: run.tags,
              metrics: run.metrics,
              error: run.error,
            })),
          );
          return;
        }
        if (runs.length === 0) {
          print('No runs yet. Train one: podium train --data FILE');
          return;
        }
        print(
          formatTable(
            ['run', 'parent', 'name', 'status', 'started', 'test metrics'],
            runs.map((run) => [
              run.id.slice(0, 8),
              run.parentRunId?.slice(0, 8),
              run.name,
              run.status,
              run.startedAt.replace('T', ' ').slice(0, 19),
              formatMetrics(
                Object.fromEntries(
                  Object.entries(run.metrics)
                    .filter(([key]) => key.startsWith('test_'))
                    .map(([key, value]) => [key.slice(5), value]),
                ),
                ['roc_auc', 'accuracy', 'f1_score', 'r2', 'rmse'],
              ),
            ]),
          ),
        );
      });
    });
}
