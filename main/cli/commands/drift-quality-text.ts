import type { StoredDriftReport } from '../../contract/index.js';
import { formatTable, print } from '../output.js';

const percent = (share: number) => `${Number((share * 100).toFixed(2))}%`;

/**
 * The parts of `podium drift`'s text output that cover more than the model's inputs: which
 * columns the verdict counts, and the data-quality table with each threshold's origin.
 */
export function printEveryColumnParts(report: StoredDriftReport['report']): void {
  const leftOut = report.features.filter((feature) => feature.usedByModel === false);
  const dates = report.features.filter((feature) => feature.kind === 'date');
  if (leftOut.length > 0 || dates.length > 0) {
    print(
      `The verdict counts the model's inputs; columns marked "(not used)" and date range checks are reported and flagged, not counted in the drift share.`,
    );
  }
  const checks = report.dataQuality;
  if (!checks || checks.length === 0) return;
  const basis = report.dataQualityReference;
  print('');
  print(
    basis?.method === 'chunks'
      ? `Data quality (thresholds: mean ± 3σ over ${basis.chunks} chunks of ${basis.chunkRows} training rows, never tighter than a floor):`
      : `Data quality (thresholds: floors around the training value; ${basis?.rows ?? 0} training rows are too few for chunks):`,
  );
  const alerts = checks.filter((check) => check.status === 'alert');
  const quiet = checks.length - alerts.length;
  if (alerts.length === 0) {
    print(`Data quality: all ${checks.length} checks ok (each with its threshold in --json and --html).`);
    return;
  }
  print(
    formatTable(
      ['column', 'check', 'status', 'value', 'threshold'],
      alerts.map((check) => [
        `${check.column}${check.usedByModel ? '' : ' (not used)'}`,
        check.check,
        check.status,
        percent(check.value),
        check.thresholdLower === undefined
          ? `≤ ${percent(check.threshold)}`
          : `${percent(check.thresholdLower)} – ${percent(check.threshold)}`,
      ]),
    ),
  );
  print(
    `Data quality: ${alerts.length} alert${alerts.length === 1 ? '' : 's'}; the other ${quiet} checks are ok (each with its threshold in --json and --html).`,
  );
}
