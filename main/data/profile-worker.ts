import { serveWorkerTask, Transferred } from '../common/worker-task/index.js';
import type { ProfileEvent, ProfileOutcome, SegmentMessage } from './profiler-pool.js';
import { type CsvProblem, CsvProblemError } from './segment-parser.js';
import { type ProfilerSetup, SegmentProfiler } from './segment-profiler.js';

/**
 * Worker-thread entry: profiles the segments the pool streams to it, one at a time, in arrival
 * order, acknowledging each (the pool's backpressure); after the last, its partial profile.
 */
serveWorkerTask<ProfilerSetup, ProfileOutcome, ProfileEvent, SegmentMessage>(async (setup, task) => {
  const profiler = new SegmentProfiler(setup);
  let problem: CsvProblem | null = null;
  for await (const { seq, startLine, bytes } of task.messages) {
    if (problem === null) {
      try {
        await profiler.profile({
          seq,
          startLine,
          bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
        });
      } catch (error) {
        if (!(error instanceof CsvProblemError)) throw error;
        problem = error.problem;
        task.emit({ kind: 'problem', seq: problem.seq });
      }
    }
    task.emit({ kind: 'ack' });
  }
  if (problem !== null) return { kind: 'failed', problem };
  const result = profiler.finish();
  const transfer = result.columns.flatMap((column) =>
    column.numbers === null ? [] : [column.numbers.buffer as ArrayBuffer],
  );
  return new Transferred<ProfileOutcome>({ kind: 'done', result }, transfer);
});
