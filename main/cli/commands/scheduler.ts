import type { Command } from 'commander';
import { toSnakeCaseDocument } from '../../contract/documented-json.js';
import type { JobRun, JsonValue } from '../../contract/index.js';
import { runWithClient } from '../context.js';
import { print, printJson } from '../output.js';
import { untilStopped } from '../until-stopped.js';
import { waitForJob } from '../wait-for-job.js';

export function registerScheduler(program: Command): void {
  program
    .command('scheduler')
    .description(
      'Run scheduled lifecycle cycles and jobs until Ctrl-C (catches up runs missed while closed); --once runs one job now',
    )
    .option('--once', 'run one job now (default the cycle) and exit', false)
    .option('--job <name>', 'the job --once runs: cycle, cleanup, maintenance, rollout-guard', 'cycle')
    .option('--json', 'print job runs as JSON (one object per line while running)')
    .action(async (options: { once: boolean; job: string }, command: Command) => {
      await runWithClient(command, async ({ client, json }) => {
        if (options.once) {
          const since = new Date().toISOString();
          const failure = await waitForJob<'cycle'>(client, () =>
            client.send('scheduler.runNow', { job: options.job }),
          ).then(
            () => null,
            (error: unknown) => error,
          );
          const [run] = await client.send('scheduler.history', { job: options.job, limit: 1 });
          // A job that ran and failed is reported by its run record, as any run; a job that
          // could not run (unknown name, cancelled) by its error.
          if (failure !== null && !(run?.outcome === 'failed' && run.startedAt >= since)) throw failure;
          if (json) printJson(await runJson(run));
          else printRun(run);
          if (run.outcome === 'failed') process.exitCode = 1;
          return;
        }
        client.listen('scheduler.ran', async ({ run }) =>
          json ? print(JSON.stringify(await runJson(run))) : printRun(run),
        );
        if (!json) {
          client.listen('alert.raised', ({ alert }) =>
            print(`alert #${alert.id} [${alert.severity}] ${alert.title}`),
          );
        }
        const started = await client.send('scheduler.start', {});
        if (!started.enabled) {
          print('The scheduler is off (scheduler.enabled: false). Nothing to do; --once still runs a job.');
          return;
        }
        if (!json) {
          for (const job of started.jobs)
            print(`${job.name}: "${job.cron}", next at ${job.nextRun ?? 'never'}`);
          print('Scheduler running; Ctrl-C stops it after the running job ends.');
        }
        await untilStopped();
        // stderr, so --json output on stdout stays one JSON object per line. Closing the API
        // (when this command returns) stops the scheduler after the job that is running.
        process.stderr.write('Stopping the scheduler…\n');
      });
    });
}

function printRun(run: JobRun): void {
  const when = run.startedAt.replace('T', ' ').slice(0, 19);
  const { summary } = run;
  const decisions = summary !== null && 'decisionIds' in summary ? summary.decisionIds : [];
  const detail =
    run.outcome === 'failed'
      ? `: ${run.error?.message ?? 'failed'}`
      : run.outcome === 'skipped'
        ? `: ${String(summary !== null && 'reason' in summary ? summary.reason : 'nothing to do')}`
        : decisions.length > 0
          ? `; decisions ${decisions.map((id) => `#${id}`).join(', ')}`
          : '';
  print(`${when} ${run.job} (${run.trigger}) ${run.outcome} in ${run.durationMs ?? 0} ms${detail}`);
}

/** A run as `podium scheduler --json` prints it (snake_case: contract/documented-json.ts). */
export async function runJson(run: JobRun): Promise<JsonValue> {
  const { JobRunSchema } = await import('../../contract/schemas/index.js');
  return toSnakeCaseDocument(JobRunSchema, run);
}
