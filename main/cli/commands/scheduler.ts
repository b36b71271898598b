import type { Command } from 'commander';
import { AlertService } from '../../monitoring/alerts/index.js';
import { createLifecycleScheduler, type JobRunRecord, readSchedulerSettings } from '../../scheduler/index.js';
import { runWithWorkspace } from '../context.js';
import { print, printJson } from '../output.js';

export function registerScheduler(program: Command): void {
  program
    .command('scheduler')
    .description(
      'Run scheduled lifecycle cycles and jobs until Ctrl-C (catches up runs missed while closed); --once runs one job now',
    )
    .option('--once', 'run one job now (default the cycle) and exit', false)
    .option('--job <name>', 'the job --once runs: cycle, cleanup, maintenance', 'cycle')
    .option('--json', 'print job runs as JSON (one object per line while running)')
    .action(async (options: { once: boolean; job: string }, command: Command) => {
      await runWithWorkspace(command, async ({ workspace, manager, json }) => {
        const alerts = AlertService.forWorkspace(workspace);
        try {
          if (options.once) {
            const scheduler = createLifecycleScheduler(workspace, { manager, alerts });
            const run = await scheduler.runOnce(options.job);
            if (json) printJson(runJson(run));
            else printRun(run);
            if (run.outcome === 'failed') process.exitCode = 1;
            return;
          }
          if (!readSchedulerSettings(workspace.config).enabled) {
            print('The scheduler is off (scheduler.enabled: false). Nothing to do; --once still runs a job.');
            return;
          }
          const scheduler = createLifecycleScheduler(workspace, {
            manager,
            alerts,
            onRun: (run) => (json ? print(JSON.stringify(runJson(run))) : printRun(run)),
          });
          if (!json) {
            alerts.on('alert', (alert) => print(`alert #${alert.id} [${alert.severity}] ${alert.title}`));
            for (const next of scheduler.nextRuns()) {
              print(`${next.job}: "${next.cron}", next at ${next.next?.toISOString() ?? 'never'}`);
            }
            print('Scheduler running; Ctrl-C stops it after the running job ends.');
          }
          await runUntilSignal(async () => {
            await scheduler.start();
          }, scheduler.stop.bind(scheduler));
        } finally {
          // Before the workspace closes: queued webhook deliveries get a moment to go out.
          await alerts.close();
        }
      });
    });
}

/**
 * Waits for SIGINT or SIGTERM, then stops gracefully. Only the first signal is handled: a second
 * Ctrl-C falls through to Node's default and ends the process at once (the lock's lease then
 * frees the cycle for the next start).
 */
async function runUntilSignal(start: () => Promise<void>, stop: () => Promise<void>): Promise<void> {
  let onSignal: (signal: NodeJS.Signals) => void = () => {};
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = resolve;
  });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const started = start();
  try {
    await Promise.race([started, signalled]);
    const signal = await signalled;
    // stderr, so --json output on stdout stays one JSON object per line.
    process.stderr.write(`${signal}: stopping the scheduler…\n`);
  } finally {
    // Also on a failed start: its timers would otherwise keep the process alive.
    await stop();
    await started.catch(() => {});
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function printRun(run: JobRunRecord): void {
  const when = run.startedAt.replace('T', ' ').slice(0, 19);
  const { summary } = run;
  const decisions = summary !== null && 'decision_ids' in summary ? summary.decision_ids : [];
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

export function runJson(run: JobRunRecord): Record<string, unknown> {
  return {
    id: run.id,
    job: run.job,
    trigger: run.trigger,
    scheduled_for: run.scheduledFor,
    owner: run.owner,
    started_at: run.startedAt,
    ended_at: run.endedAt,
    duration_ms: run.durationMs,
    outcome: run.outcome,
    error: run.error,
    summary: run.summary,
  };
}
