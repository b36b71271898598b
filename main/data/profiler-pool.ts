import { startWorkerTask } from '../common/worker-task/index.js';
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

/** One segment streamed to a profile worker; its bytes are moved, not copied. */
export type SegmentMessage = { seq: number; startLine: number; bytes: Uint8Array };
/** A worker acknowledges each segment, and says at once when one is malformed. */
export type ProfileEvent = { kind: 'ack' } | { kind: 'problem'; seq: number };
export type ProfileOutcome =
  | { kind: 'done'; result: SegmentProfileResult }
  | { kind: 'failed'; problem: CsvProblem };

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
  let inFlight = 0;
  let next = 0;
  let stopRequested = false;
  let fatal: Error | null = null;
  let wakeReader: (() => void) | null = null;

  const wake = (): void => {
    const resume = wakeReader;
    wakeReader = null;
    resume?.();
  };
  const onEvent = (event: ProfileEvent): void => {
    if (event.kind === 'ack') {
      inFlight--;
      wake();
    } else {
      stopRequested = true;
    }
  };
  const tasks = Array.from({ length: workerCount }, () =>
    startWorkerTask<ProfilerSetup, ProfileOutcome, ProfileEvent, SegmentMessage>(
      new URL('./profile-worker.js', import.meta.url),
      setup,
      { name: 'CSV profiling', onProgress: onEvent },
    ),
  );
  for (const task of tasks) {
    task.result.catch((error: Error) => {
      fatal ??= error;
      stopRequested = true;
      wake();
    });
  }
  const terminateAll = async (): Promise<void> => {
    await Promise.all(tasks.map((task) => task.terminate()));
  };

  return {
    get stopRequested() {
      return stopRequested;
    },
    async submit(segment) {
      if (fatal !== null) throw internal(fatal);
      // Copied into an exact-size buffer so the transfer moves only this segment's bytes.
      const bytes = new Uint8Array(segment.bytes);
      tasks[next].send({ seq: segment.seq, startLine: segment.startLine, bytes }, [bytes.buffer]);
      next = (next + 1) % tasks.length;
      inFlight++;
      while (inFlight >= tasks.length * SEGMENTS_IN_FLIGHT_PER_WORKER && fatal === null) {
        await new Promise<void>((resolve) => {
          wakeReader = resolve;
        });
      }
      if (fatal !== null) throw internal(fatal);
    },
    async finish() {
      try {
        for (const task of tasks) task.end();
        const outcomes = await Promise.all(tasks.map((task) => task.result)).catch((error: Error) => {
          throw internal(fatal ?? error);
        });
        const problems = outcomes.flatMap((outcome) => (outcome.kind === 'failed' ? [outcome.problem] : []));
        if (problems.length > 0) {
          problems.sort((a, b) => a.seq - b.seq);
          throw new CsvProblemError(problems[0]);
        }
        return outcomes.flatMap((outcome) => (outcome.kind === 'done' ? [outcome.result] : []));
      } finally {
        await terminateAll();
      }
    },
    destroy: terminateAll,
  };
}

function internal(error: Error): PodiumError {
  if (error instanceof PodiumError) return error;
  return new PodiumError('INTERNAL', `CSV profiling failed: ${error.message}`);
}
