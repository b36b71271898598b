import type { PodiumErrorData } from '../../contract/errors.js';

/**
 * The one message protocol between a caller and a worker-thread task. Everything that crosses
 * is plain data: errors as `{code, message, details}`, a stack trace only in its own field for
 * the caller's log.
 */

/** Progress of long work: `step` names the stage, `current` of `total` within it. */
export type TaskProgress = { step: string; current: number; total: number; message?: string };

/**
 * What the worker receives as `workerData`: its input, or — for a thread started before its
 * input was known (warm-worker.ts) — word that the input comes as the first message.
 */
export type TaskStart<I> = { input: I } | { inputFollows: true };

/** Caller → a warm worker, once, before any command: the input it was started without. */
export type TaskInput<I> = { type: 'input'; input: I };

/** Caller → worker, after the start. */
export type TaskCommand<M> =
  | { type: 'message'; message: M }
  /** No more messages: a streaming task's input is complete. */
  | { type: 'end' }
  /** Stop soon; the worker is terminated after a grace period whatever it does. */
  | { type: 'cancel' };

/** Worker → caller: any number of events, then exactly one `done` or `error`. */
export type TaskReply<O, P> =
  | { type: 'event'; event: P }
  | { type: 'done'; result: O }
  | { type: 'error'; error: PodiumErrorData; stack?: string };
