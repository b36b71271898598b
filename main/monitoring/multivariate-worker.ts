import { serveWorkerTask, type TaskProgress } from '../common/worker-task/index.js';
import { PodiumError } from '../contract/errors.js';
import type { MultivariateDrift } from '../contract/index.js';
import type { ReferenceDistribution } from './drift/index.js';
import {
  type CurrentSample,
  multivariateDriftOfSample,
  type ReferenceSample,
  referenceSampleColumns,
} from './multivariate/index.js';

/**
 * The multivariate checks (PCA reconstruction, domain classifier) in a thread of their own, beside
 * the drift check's thread: started with the model's side before the current data is read, so
 * its modules load during the read, then given the current data's row sample as its one message.
 */
export type MultivariateCheckInput = {
  reference: ReferenceDistribution;
  /** Null when the package predates the multivariate checks. */
  referenceSample: ReferenceSample | null;
  /** Where the sample came from, for the error when it is not one. */
  referenceSampleFile: string;
};

serveWorkerTask<MultivariateCheckInput, MultivariateDrift[], TaskProgress, CurrentSample>(
  async (input, task) => {
    const sample =
      input.referenceSample === null
        ? null
        : referenceSampleColumns(input.referenceSample, input.referenceSampleFile);
    for await (const current of task.messages) {
      if (task.signal.aborted) throw new PodiumError('CANCELLED', 'The drift check was cancelled');
      return multivariateDriftOfSample(input.reference, sample, current);
    }
    throw new PodiumError('CANCELLED', 'The drift check ended before its multivariate checks');
  },
);
