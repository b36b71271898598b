import { defineOperation } from '../contract/define-operation.js';
import type { CycleRunReport, DomainHandlers } from '../contract/index.js';
import { toJobProgress } from '../jobs/training-progress.js';
import { cycleChecks } from '../monitoring/cycle-checks.js';
import { modelRefs } from '../registry/index.js';
import { localOwner, withLease } from '../scheduler/index.js';
import { toTrainingResult } from '../training/handlers.js';
import type { ApiContext } from './api-context.js';

/**
 * `cycle.run`: one lifecycle cycle now. It lives in the app layer because it joins the lifecycle
 * with monitoring's checks (drift, performance drop, alerts) and the scheduler's lease.
 */
export function cycleHandlers(context: ApiContext): DomainHandlers<'cycle.run'> {
  const { workspace, stores, manager, events, alerts, actor } = context;
  return {
    'cycle.run': defineOperation(
      'cycle.run',
      async ({ file, dryRun, model, dialect }): Promise<CycleRunReport> => {
        const modelName = modelRefs(stores.versions, workspace).forData(model, file);
        const run = () =>
          manager.runCycle({
            dataPath: file,
            dryRun,
            modelName,
            dialect,
            onProgress: (progress) =>
              events.emit('operation.progress', { operation: 'cycle.run', ...toJobProgress(progress) }),
            // A dry run raises no alert: it changes nothing.
            checks: cycleChecks({ workspace, stores, alerts: dryRun ? null : alerts, modelName, dialect }),
          });
        // A dry run changes nothing, so it needs no lock; a real one must not overlap the scheduler's.
        const report = dryRun
          ? await run()
          : await withLease(workspace, stores.leases, 'lifecycle', localOwner(actor), run);
        return {
          dryRun: report.dryRun,
          plan: report.plan,
          trained: report.trained.map(toTrainingResult),
          decisions: report.decisions,
          removedRuns: report.removedRuns,
          status: report.status,
        };
      },
    ),
  };
}
