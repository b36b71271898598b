import { runWorkerTask } from '../common/worker-task/index.js';
import type { MonitorReport } from '../contract/index.js';
import type { DatasetStore } from '../data/index.js';
import type { ModelVersion, VersionStore } from '../registry/index.js';
import type { TrafficStore } from '../serving/traffic-store.js';
import type { Workspace } from '../workspace/index.js';
import { estimateReferenceOf } from './estimate-file.js';
import type { LiveLossInput, LiveLossOutput } from './live-loss-worker.js';
import { lossModelDir } from './performance/loss-model-cache.js';
import { windowStartOf } from './performance/time-windows.js';

/** Fewer requests in a window than this: the estimate is flagged, as CBPE flags its windows. */
const MIN_WINDOW_ROWS = 100;

const ASSUMPTIONS = [
  "Direct Loss Estimation: each version's |error| and error² are learnt, by two gradient boosted trees, on the held-out rows of its training split; applied to each window's logged requests they estimate MAE and RMSE before labels arrive.",
  'It follows covariate shift (traffic moving to where the model is known to err more or less) but not concept drift (the same inputs now meaning another target), which only labels reveal.',
];

/**
 * A regression's monitor report gets, beside the realised metrics, each window's estimated MAE
 * and RMSE for the champion and every shadow (they answered the same requests). The report's
 * other parts stand without it: an estimate that cannot be made is logged, and the report says
 * why in `reason`.
 */
export async function withLiveLossEstimate(
  workspace: Workspace,
  stores: { versions: VersionStore; datasets: DatasetStore; traffic: TrafficStore },
  report: MonitorReport,
): Promise<MonitorReport> {
  const { versions } = stores;
  const model = versions.modelTask(report.model);
  const champion = versions.champion(report.model);
  if (model?.task !== 'number' || !champion || !report.performance) return report;
  const roles = new Map(report.performance.versions.map((v) => [v.version, v.role]));
  const under = [champion, ...versions.withStage(report.model, 'shadow')];
  const requests = stores.traffic
    .championRequestBodies(report.model, champion.version, { from: report.from, to: report.to })
    .map((request) => ({
      ...request,
      windowStart: windowStartOf(Date.parse(request.createdAt), report.window),
    }));
  if (requests.length === 0) return report;
  let estimated: LiveLossOutput;
  try {
    const input: LiveLossInput = {
      versions: await Promise.all(
        under.map(async (version) => {
          const reference = await estimateReferenceOf(stores.datasets, version);
          return {
            version: version.version,
            role: version.stage,
            packagePath: version.packagePath,
            reference,
            lossModelDir: lossModelDirOf(workspace, version, reference),
          };
        }),
      ),
      requests,
    };
    estimated = await runWorkerTask<LiveLossInput, LiveLossOutput>(
      new URL('./live-loss-worker.js', import.meta.url),
      input,
      { name: 'live loss estimate', logger: workspace.logger },
    );
    if (estimated.fitted.length > 0)
      workspace.logger.info(
        { model: report.model, versions: estimated.fitted },
        'loss models fitted and kept',
      );
  } catch (error) {
    workspace.logger.warn({ err: error, model: report.model }, 'no live loss estimate');
    return report;
  }
  const realisedOf = (version: number, windowStart: string) =>
    report.performance?.versions
      .find((v) => v.version === version)
      ?.points.find((p) => p.windowStart === windowStart);
  return {
    ...report,
    estimate: {
      modelName: report.model,
      task: 'number',
      method: 'dle',
      window: report.window,
      from: report.from,
      to: report.to,
      calibrationFrom: report.from,
      classes: null,
      assumptions: ASSUMPTIONS,
      versions: under.map((version) => ({
        version: version.version,
        role: roles.get(version.version) ?? (version.stage === 'champion' ? 'champion' : 'shadow'),
        estimable: true,
        reason: null,
        windows: Object.entries(estimated.estimates[String(version.version)] ?? {}).map(([start, loss]) => {
          const windowStart = new Date(Number(start)).toISOString();
          const point = realisedOf(version.version, windowStart);
          const labelled = point?.labelled ?? 0;
          const share = loss.rows === 0 ? 0 : labelled / loss.rows;
          const reconcile = (metric: 'mae' | 'rmse') => {
            const realised = labelled > 0 ? (point?.metrics[metric] ?? null) : null;
            return {
              estimated: loss[metric],
              realised,
              labelledShare: share,
              difference: realised === null ? null : realised - loss[metric],
            };
          };
          const few = loss.rows < MIN_WINDOW_ROWS;
          return {
            windowStart,
            requests: loss.rows,
            labelled,
            labelledShare: share,
            calibration: null,
            uncalibratedAccuracy: null,
            accuracyStandardError: null,
            metrics: { mae: reconcile('mae'), rmse: reconcile('rmse') },
            reliable: !few,
            warnings: few
              ? [
                  `Only ${loss.rows} requests in this window (fewer than ${MIN_WINDOW_ROWS}): the mean of a few errors varies a lot.`,
                ]
              : [],
            notes: [],
          };
        }),
      })),
    },
  };
}

/** Where a version's loss models are kept: keyed by its package and the reference rows they are fitted on. */
export function lossModelDirOf(
  workspace: Workspace,
  version: ModelVersion,
  reference: { split: unknown; seed: number },
): string {
  return lossModelDir(workspace.paths.artifacts, {
    modelName: version.modelName,
    version: version.version,
    packageSha256: version.packageSha256,
    datasetId: version.datasetId,
    split: reference.split,
    seed: reference.seed,
  });
}
