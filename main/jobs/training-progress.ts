import type { Progress } from '../contract/index.js';
import type { LifecycleProgress } from '../lifecycle/index.js';

/**
 * The lifecycle's training progress as job progress: one `epoch` step per finished epoch with
 * its loss and validation loss (what the Train view charts), and phase steps (ingest,
 * preprocessing, fitting, …) in between.
 */
export function toJobProgress(progress: LifecycleProgress): Progress {
  const candidate =
    progress.candidate === undefined
      ? undefined
      : `${progress.candidate}${progress.candidateCount && progress.candidateCount > 1 ? ` (${(progress.candidateIndex ?? 0) + 1}/${progress.candidateCount})` : ''}`;
  if (progress.step === 'train' && progress.phase === undefined) {
    const metrics: Record<string, number> = {};
    if (progress.loss !== undefined && Number.isFinite(progress.loss)) metrics.loss = progress.loss;
    if (progress.validationLoss !== undefined && Number.isFinite(progress.validationLoss))
      metrics.validation_loss = progress.validationLoss;
    if (progress.secondsLeft !== undefined) metrics.seconds_left = progress.secondsLeft;
    if (progress.candidateIndex !== undefined) metrics.candidate_index = progress.candidateIndex;
    return {
      step: 'epoch',
      current: progress.current,
      total: progress.total,
      ...(candidate ? { message: candidate } : {}),
      metrics,
    };
  }
  const message = progress.message ?? candidate;
  return {
    step: progress.phase ?? progress.step,
    current: progress.current,
    total: progress.total,
    ...(message ? { message } : {}),
  };
}
