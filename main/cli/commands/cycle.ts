import type { Command } from 'commander';
import { AlertService } from '../../monitoring/alerts/index.js';
import { cycleChecks } from '../../monitoring/cycle-checks.js';
import { localOwner, withLease } from '../../scheduler/index.js';
import { runWithWorkspace } from '../context.js';
import { print, printJson } from '../output.js';
import { createProgressReporter } from '../progress.js';
import { printDecision } from './print-decision.js';
import { printStatus } from './status.js';
import { trainJson } from './train.js';

export function registerCycle(program: Command): void {
  program
    .command('cycle')
    .description('Run one lifecycle cycle now: train a challenger on new data, compare, decide, clean up')
    .option('--data <file>', 'new training data (default: new files in data.incoming_dir)')
    .option('--dry-run', 'show what the cycle would do and the status; change nothing', false)
    .option('--model <name>', 'registered model name (default: training.model_name)')
    .option('--json', 'print the report as JSON')
    .action(async (options: { data?: string; dryRun: boolean; model?: string }, command: Command) => {
      await runWithWorkspace(command, async ({ manager, workspace, json }) => {
        const progress = createProgressReporter({ json });
        const modelName = options.model ?? workspace.config.training.model_name;
        const alerts = options.dryRun ? null : AlertService.forWorkspace(workspace);
        const run = () =>
          manager.runCycle({
            dataPath: options.data,
            dryRun: options.dryRun,
            modelName,
            onProgress: progress.onProgress,
            checks: cycleChecks({ workspace, manager, alerts, modelName }),
          });
        // A dry run changes nothing, so it needs no lock; a real one must not overlap the scheduler's.
        const report = options.dryRun
          ? await run()
          : await withLease(workspace, 'lifecycle', localOwner('cli'), run).finally(() => alerts?.close());
        progress.stop();
        if (json) {
          printJson({
            dry_run: report.dryRun,
            plan: report.plan,
            trained: report.trained.map(trainJson),
            decisions: report.decisions,
            removed_runs: report.removedRuns,
            status: report.status,
          });
          return;
        }
        if (report.dryRun) {
          print('Dry run: nothing was changed. A cycle would:');
          for (const step of report.plan) print(`  - ${step}`);
          print();
          printStatus(report.status);
          return;
        }
        for (const line of report.plan) print(line);
        for (const trained of report.trained) {
          print(
            `Trained ${trained.version.modelName} v${trained.version.version} (${trained.version.modelType}).`,
          );
        }
        for (const decision of report.decisions) printDecision(decision);
        if (report.removedRuns.length > 0) print(`Removed ${report.removedRuns.length} expired run(s).`);
      });
    });
}
