import { PodiumError } from '../../api/errors.js';
import type { EncodedTarget, FitContext } from '../types.js';

/** Output columns of a target: one, or one per class. */
export function outputsOf(y: EncodedTarget): number {
  if (y.task !== 'category') return 1;
  const classes = y.classes?.length ?? 0;
  if (classes < 2)
    throw new PodiumError('TRAINING_FAILED', 'A category target needs its classes', { task: y.task });
  return classes;
}

export function throwIfCancelled(context: FitContext): void {
  if (context.signal?.aborted) throw new PodiumError('CANCELLED', 'Training was cancelled');
}

/** Lets a cancel request and progress events through between trees (fitting is otherwise synchronous). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
