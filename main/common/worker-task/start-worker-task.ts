import { type TransferListItem, Worker } from 'node:worker_threads';
import { PodiumError, type PodiumErrorCode } from '../../contract/errors.js';
import type { TaskCommand, TaskInput, TaskProgress, TaskReply, TaskStart } from './protocol.js';
import { claimWarmWorker } from './warm-worker.js';

/** Where a worker's unexpected failures (with their stacks) are written; pino's shape. */
export type TaskLogger = { error(details: object, message: string): void };

export type WorkerTaskOptions<P> = {
  /** What the task does, in the user's words ("drift check"); used in error messages. */
  name: string;
  /** Aborting tells the worker to stop, then terminates it after `cancelGraceMs`. */
  signal?: AbortSignal;
  /** Progress events (or a streaming task's acknowledgements), in order. */
  onProgress?: (event: P) => void;
  /** Buffers inside the input to move rather than copy; they are detached afterwards. */
  transfer?: readonly TransferListItem[];
  /** How long a cancelled worker may take to stop by itself (default 5 s). */
  cancelGraceMs?: number;
  /** The code of a crash (the thread died without answering); INTERNAL unless the domain has its own. */
  crashCode?: PodiumErrorCode;
  /** Receives the stack of an error that was not a PodiumError; stderr when absent. */
  logger?: TaskLogger;
};

export type WorkerTask<O, M> = {
  /** The result, or a PodiumError: the worker's own code, CANCELLED, or INTERNAL/`crashCode`. */
  readonly result: Promise<O>;
  /** Sends a streaming task its next message. */
  send(message: M, transfer?: readonly TransferListItem[]): void;
  /** Tells a streaming task its input is complete. */
  end(): void;
  /** Stops the task now (after a failure elsewhere); `result` rejects with CANCELLED. Never throws. */
  terminate(): Promise<void>;
};

const DEFAULT_CANCEL_GRACE_MS = 5000;

/**
 * Starts `script` (a module that calls `serveWorkerTask`) in a worker thread with `input`, or
 * hands `input` to the script's warm thread when there is one (warm-worker.ts).
 * Whatever happens — result, error, crash, cancel — the promise settles exactly once and the
 * thread is terminated, so no stray handle (a TF.js pool, a file) outlives the task.
 */
export function startWorkerTask<I, O, P = TaskProgress, M = never>(
  script: URL,
  input: I,
  options: WorkerTaskOptions<P>,
): WorkerTask<O, M> {
  const { name, signal, onProgress } = options;
  const cancelled = () => new PodiumError('CANCELLED', `The ${name} was cancelled`);
  if (signal?.aborted) {
    return {
      result: Promise.reject(cancelled()),
      send: () => {},
      end: () => {},
      terminate: async () => {},
    };
  }
  // A thread warmed for this script (warm-worker.ts) has its modules loaded or loading already.
  const warm = claimWarmWorker(script);
  const worker =
    warm ??
    new Worker(script, {
      workerData: { input } satisfies TaskStart<I>,
      transferList: [...(options.transfer ?? [])],
    });
  let settled = false;
  let cancelRequested = false;
  let killTimer: NodeJS.Timeout | undefined;
  let resolveResult: (value: O) => void = () => {};
  let rejectResult: (error: PodiumError) => void = () => {};
  const result = new Promise<O>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  const command = (message: TaskCommand<M>, transfer: readonly TransferListItem[] = []) => {
    if (!settled) worker.postMessage(message, transfer);
  };
  const settle = (outcome: () => void): void => {
    if (settled) return;
    settled = true;
    signal?.removeEventListener('abort', onAbort);
    if (killTimer) clearTimeout(killTimer);
    outcome();
    void worker.terminate();
  };
  const fail = (error: PodiumError) => settle(() => rejectResult(cancelRequested ? cancelled() : error));
  const onAbort = () => {
    cancelRequested = true;
    command({ type: 'cancel' });
    killTimer = setTimeout(() => fail(cancelled()), options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS);
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  worker.on('message', (reply: TaskReply<O, P>) => {
    if (reply.type === 'event') {
      if (!settled) onProgress?.(reply.event);
    } else if (reply.type === 'done') {
      settle(() => (cancelRequested ? rejectResult(cancelled()) : resolveResult(reply.result)));
    } else {
      const { code, message, details } = reply.error;
      if (reply.stack !== undefined)
        log(options.logger, { task: name, stack: reply.stack }, `${name} failed`);
      fail(new PodiumError(code, code === 'INTERNAL' ? `The ${name} failed: ${message}` : message, details));
    }
  });
  worker.on('error', (error) => {
    log(options.logger, { task: name, stack: error.stack ?? error.message }, `${name} worker crashed`);
    fail(new PodiumError(options.crashCode ?? 'INTERNAL', `The ${name} worker crashed: ${error.message}`));
  });
  worker.on('exit', (exitCode) => {
    fail(
      new PodiumError(
        options.crashCode ?? 'INTERNAL',
        `The ${name} worker stopped unexpectedly (exit code ${exitCode})`,
        { exitCode },
      ),
    );
  });

  // After the listeners: a warm thread that fails from here on is this task's crash.
  if (warm) warm.postMessage({ type: 'input', input } satisfies TaskInput<I>, options.transfer ?? []);

  return {
    result,
    send: (message, transfer) => command({ type: 'message', message }, transfer),
    end: () => command({ type: 'end' }),
    terminate: async () => {
      // Whoever terminates has stopped listening for the result.
      result.catch(() => {});
      cancelRequested = true;
      fail(cancelled());
      await worker.terminate();
    },
  };
}

/** `startWorkerTask` for a task that needs nothing after its input: the result alone. */
export function runWorkerTask<I, O, P = TaskProgress>(
  script: URL,
  input: I,
  options: WorkerTaskOptions<P>,
): Promise<O> {
  return startWorkerTask<I, O, P>(script, input, options).result;
}

function log(logger: TaskLogger | undefined, details: { task: string; stack: string }, message: string) {
  if (logger) logger.error(details, message);
  else process.stderr.write(`${message}: ${details.stack}\n`);
}
