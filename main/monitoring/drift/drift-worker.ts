import { serveWorkerTask } from '../../common/worker-task/index.js';
import { type CurrentData, detectDrift } from './detect.js';
import type { DriftOptions } from './options.js';
import type { ReferenceDistribution } from './reference.js';
import type { DriftReport } from './report.js';

/**
 * The worker thread a drift computation runs in, so the thread that answers the UI never sorts
 * a million values. In: `{ reference, current, options }` (numeric buffers transferred).
 */
export type DriftWorkerInput = {
  reference: ReferenceDistribution;
  current: CurrentData;
  options: Partial<DriftOptions>;
};

serveWorkerTask<DriftWorkerInput, DriftReport>(({ reference, current, options }) =>
  detectDrift(reference, current, options),
);
