import { startWorkerTask } from '../common/worker-task/index.js';
import { isPodiumError } from '../contract/errors.js';
import type { MultivariateDrift } from '../contract/index.js';
import type { DriftColumn } from './drift/index.js';
import {
  type CurrentSample,
  currentSample,
  notApplicableMultivariate,
  sampleBuffers,
} from './multivariate/index.js';
import type { MultivariateCheckInput } from './multivariate-worker.js';

/** The multivariate checks of one drift check, running in their own thread (multivariate-worker.ts). */
export type MultivariateCheck = {
  /** Hands the checks the current data (only its row sample crosses); call once. */
  check(current: readonly DriftColumn[]): void;
  /** The checks' results; a PodiumError of theirs (a bad reference sample) as it is. */
  result(): Promise<MultivariateDrift[]>;
  /** Ends the thread when the drift check fails or stops before asking for the result. */
  stop(): Promise<void>;
};

/**
 * Starts the thread now, so its start-up overlaps the reading of the current data. Cancelling
 * `signal` stops it too. A crash of the thread (not a PodiumError of the checks) does not sink the
 * drift check: both checks come back not applicable, with the reason.
 */
export function startMultivariateCheck(
  input: MultivariateCheckInput,
  signal: AbortSignal,
): MultivariateCheck {
  const task = startWorkerTask<MultivariateCheckInput, MultivariateDrift[], never, CurrentSample>(
    new URL('./multivariate-worker.js', import.meta.url),
    input,
    // The stack of a crash goes nowhere: the reason in the report names it.
    { name: 'multivariate drift check', signal, logger: { error: () => {} } },
  );
  // Until the result is asked for, a failure is held, not unhandled.
  task.result.catch(() => {});
  let rows = 0;
  return {
    check(current) {
      const sample = currentSample(current);
      rows = sample.rows;
      task.send(sample, sampleBuffers(sample));
      task.end();
    },
    async result() {
      try {
        return await task.result;
      } catch (error) {
        if (isPodiumError(error) && error.code !== 'INTERNAL') throw error;
        const message = error instanceof Error ? error.message : String(error);
        const referenceRows = input.referenceSample?.rows ?? 0;
        return notApplicableMultivariate(referenceRows, rows, `The multivariate checks failed: ${message}`);
      }
    },
    stop: () => task.terminate(),
  };
}
