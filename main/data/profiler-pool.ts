import { Worker } from 'node:worker_threads';
import { PodiumError } from '../contract/errors.js';
import type { CsvSegment } from './csv-segmenter.js';
import { type CsvProblem, CsvProblemError } from './segment-parser.js';
import { type ProfilerSetup, type SegmentProfileResult, SegmentProfiler } from './segment-profiler.js';

/**
 * Runs segment profiling either on the calling thread or spread over worker threads.
 * csv-parse is a byte-at-a-time JavaScript parser (about 25–30 MB/s per core here), so on
 * large files the only way to a faster ingest is more cores; segments go round-robin.
 */
export type ProfilerPool = {
  /** Resolves when the pool can take another segment (backpressure on the reader). */
  submit(segment: CsvSegment): Promise<void>;
  /** True once a segment failed: reading further cannot change the outcome. */
  readonly stopRequested: boolean;
  /** One result per worker; throws the problem of the earliest failed segment. */
  finish(): Promise<SegmentProfileResult[]>;
  /** Stops all work after a failure elsewhere; never throws. */
  destroy(): Promise<void>;
};

export type ProfilerMessage =
  | { kind: 'segment'; seq: number; startLine: number; bytes: Uint8Array }
  | { kind: 'finish' };

export type WorkerReply =
  | { kind: 'ack' }
  | { kind: 'problem'; seq: number }
  | { kind: 'failed'; problem: CsvProblem }
  | { kind: 'done'; result: SegmentProfileResult }
  | { kind: 'crash'; message: string };

export function createInlineProfiler(setup: ProfilerSetup): ProfilerPool {
  const profiler = new SegmentProfiler(setup);
  return {
    submit: (segment) => profiler.profile(segment),
    stopRequested: false,
    finish: async () => [profiler.finish()],
    destroy: async () => {},
  };
}

const SEGMENTS_IN_FLIGHT_PER_WORKER = 3;

export function createWorkerProfiler(setup: ProfilerSetup, workerCount: number): ProfilerPool {
  const workers = Array.from(
    { length: workerCount },
    () => new Worker(new URL('./profile-worker.js', import.meta.url), { workerData: setup }),
  );
  let inFlight = 0;
  let next = 0;
  let stopRequested = false;
  let fatal: Error | null = null;
  let wakeReader: (() => void) | null = null;
  const finishers = new Map<Worker, (reply: WorkerReply) => void>();

  const wake = (): void => {
    const resume = wakeReader;
    wakeReader = null;
    resume?.();
  };
  const die = (error: Error): void => {
    fatal ??= error;
    stopRequested = true;
    wake();
    for (const finisher of finishers.values()) finisher({ kind: 'crash', message: error.message });
  };

  for (const worker of workers) {
    worker.on('message', (reply: WorkerReply) => {
      if (reply.kind === 'ack') {
        inFlight--;
        wake();
      } else if (reply.kind === 'problem') {
        stopRequested = true;
      } else if (reply.kind === 'crash') {
        die(new Error(`profile worker failed: ${reply.message}`));
      } else {
        finishers.get(worker)?.(reply);
      }
    });
    worker.on('error', (error) => die(error));
    worker.on('exit', (code) => {
      if (finishers.has(worker)) die(new Error(`profile worker exited with code ${code}`));
    });
  }

  const terminateAll = async (): Promise<void> => {
    finishers.clear();
    await Promise.all(workers.map((worker) => worker.terminate()));
  };

  return {
    get stopRequested() {
      return stopRequested;
    },
    async submit(segment) {
      if (fatal !== null) throw internal(fatal);
      // Copied into an exact-size buffer so the transfer moves only this segment's bytes.
      const bytes = new Uint8Array(segment.bytes);
      const message: ProfilerMessage = {
        kind: 'segment',
        seq: segment.seq,
        startLine: segment.startLine,
        bytes,
      };
      workers[next].postMessage(message, [bytes.buffer]);
      next = (next + 1) % workers.length;
      inFlight++;
      while (inFlight >= workers.length * SEGMENTS_IN_FLIGHT_PER_WORKER && fatal === null) {
        await new Promise<void>((resolve) => {
          wakeReader = resolve;
        });
      }
      if (fatal !== null) throw internal(fatal);
    },
    async finish() {
      try {
        const replies = await Promise.all(
          workers.map(
            (worker) =>
              new Promise<WorkerReply>((resolve) => {
                finishers.set(worker, resolve);
                worker.postMessage({ kind: 'finish' } satisfies ProfilerMessage);
              }),
          ),
        );
        if (fatal !== null) throw internal(fatal);
        const problems = replies.flatMap((reply) => (reply.kind === 'failed' ? [reply.problem] : []));
        if (problems.length > 0) {
          problems.sort((a, b) => a.seq - b.seq);
          throw new CsvProblemError(problems[0]);
        }
        return replies.flatMap((reply) => (reply.kind === 'done' ? [reply.result] : []));
      } finally {
        await terminateAll();
      }
    },
    destroy: terminateAll,
  };
}

function internal(error: Error): PodiumError {
  return new PodiumError('INTERNAL', `CSV profiling failed: ${error.message}`);
}
