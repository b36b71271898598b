import type { MultivariateDrift } from '../../contract/index.js';
import { notApplicable } from './multivariate-drift.js';

/**
 * Rows a window of live requests needs before the multivariate checks run on it. Below this the
 * domain classifier's five folds test on fewer than 40 current rows each, and the AUC that chance
 * allows rises so high (about 0.6 at 200 rows against 5,000) that only gross drift would show;
 * the per-column tests still run. A stored dataset or a file is always checked, with the
 * checks' own lower limits (20 rows for PCA, 50 for the classifier).
 */
export const LIVE_MULTIVARIATE_MIN_ROWS = 200;

/** Both checks as skipped for a live window of `rows` requests, below the minimum. */
export function skippedForLiveWindow(referenceRows: number, rows: number): MultivariateDrift[] {
  const reason = `Skipped: the live window holds ${rows} rows; the multivariate checks run on windows of at least ${LIVE_MULTIVARIATE_MIN_ROWS}.`;
  return notApplicable(referenceRows, rows, reason).map((result) => ({ ...result, skipped: true }));
}
