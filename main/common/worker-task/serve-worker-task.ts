import { parentPort, type TransferListItem, workerData } from 'node:worker_threads';
import { isPodiumError, type PodiumErrorData } from '../../contract/errors.js';
import type { TaskCommand, TaskInput, TaskProgress, TaskReply, TaskStart } from './protocol.js';

/** What a task's body gets besides its input. */
export type TaskContext<P, M> = {
  /** Aborted when the caller cancels; stop at the next convenient point. */
  signal: AbortSignal;
  /** Sends a progress event (or a streaming task's acknowledgement) to the caller. */
  emit(event: P, transfer?: readonly TransferListItem[]): void;
  /** The further messages the caller sends; ends when the caller calls `end()`. */
  messages: AsyncIterable<M>;
};

/** A result and the buffers to move, not copy, to the caller with it. */
export class Transferred<O> {
  constructor(
    readonly value: O,
    readonly transfer: readonly TransferListItem[],
  ) {}
}

/**
 * The worker-thread side of a task: call it once at the top level of the worker's module.
 * The body's return value is sent as the result, and anything it throws as error data: a
 * PodiumError keeps its code; anything else becomes INTERNAL, its stack sent only for the log.
 */
export function serveWorkerTask<I, O, P = TaskProgress, M = never>(
  body: (input: I, context: TaskContext<P, M>) => Promise<O | Transferred<O>> | O | Transferred<O>,
): void {
  const port = parentPort;
  if (port === null) throw new Error('a worker task module runs only in a worker thread');
  const start = workerData as TaskStart<I>;
  // A warm thread loaded its modules before the caller knew the input; it arrives first.
  let receiveInput: (input: I) => void = () => {};
  const input: Promise<I> | I =
    'input' in start
      ? start.input
      : new Promise<I>((resolve) => {
          receiveInput = resolve;
        });
  const controller = new AbortController();
  const inbox = new Inbox<M>();
  port.on('message', (command: TaskInput<I> | TaskCommand<M>) => {
    if (command.type === 'input') receiveInput(command.input);
    else if (command.type === 'cancel') controller.abort();
    else if (command.type === 'end') inbox.end();
    else inbox.push(command.message);
  });
  const reply = (message: TaskReply<O, P>, transfer: readonly TransferListItem[] = []) =>
    port.postMessage(message, transfer);
  const context: TaskContext<P, M> = {
    signal: controller.signal,
    emit: (event, transfer) => reply({ type: 'event', event }, transfer),
    messages: inbox,
  };
  void (async () => {
    try {
      const outcome = await body(await input, context);
      if (outcome instanceof Transferred) reply({ type: 'done', result: outcome.value }, outcome.transfer);
      else reply({ type: 'done', result: outcome });
    } catch (error) {
      const data = errorData(error);
      reply(
        isPodiumError(error) || !(error instanceof Error)
          ? { type: 'error', error: data }
          : { type: 'error', error: data, ...(error.stack ? { stack: error.stack } : {}) },
      );
    } finally {
      // Lets the thread end once the body's own handles are gone; the caller terminates it anyway.
      port.close();
    }
  })();
}

function errorData(error: unknown): PodiumErrorData {
  if (isPodiumError(error)) return error.toData();
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/** Messages that arrive before the body asks for them wait here, in order. */
class Inbox<M> implements AsyncIterable<M> {
  private readonly queued: M[] = [];
  private waiting: ((result: IteratorResult<M>) => void) | null = null;
  private ended = false;

  push(message: M): void {
    const wake = this.waiting;
    this.waiting = null;
    if (wake) wake({ value: message, done: false });
    else this.queued.push(message);
  }

  end(): void {
    this.ended = true;
    const wake = this.waiting;
    this.waiting = null;
    wake?.({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<M> {
    return {
      next: () => {
        if (this.queued.length > 0) return Promise.resolve({ value: this.queued.shift() as M, done: false });
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          this.waiting = resolve;
        });
      },
    };
  }
}
