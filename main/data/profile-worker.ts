import { parentPort, workerData } from 'node:worker_threads';
import type { ProfilerMessage, WorkerReply } from './profiler-pool.js';
import { type CsvProblem, CsvProblemError } from './segment-parser.js';
import { type ProfilerSetup, SegmentProfiler } from './segment-profiler.js';

/** Worker-thread entry: profiles the segments the pool sends, one at a time, in arrival order. */
const port = parentPort;
if (port === null) throw new Error('profile-worker must run in a worker thread');

const profiler = new SegmentProfiler(workerData as ProfilerSetup);
let problem: CsvProblem | null = null;
let queue: Promise<void> = Promise.resolve();

const reply = (message: WorkerReply, transfer: ArrayBuffer[] = []): void =>
  port.postMessage(message, transfer);

async function handle(message: ProfilerMessage): Promise<void> {
  if (message.kind === 'segment') {
    if (problem === null) {
      const { seq, startLine, bytes } = message;
      try {
        await profiler.profile({
          seq,
          startLine,
          bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
        });
      } catch (error) {
        if (!(error instanceof CsvProblemError)) throw error;
        problem = error.problem;
        reply({ kind: 'problem', seq: problem.seq });
      }
    }
    reply({ kind: 'ack' });
    return;
  }
  if (problem !== null) {
    reply({ kind: 'failed', problem });
    return;
  }
  const result = profiler.finish();
  const transfer = result.columns.flatMap((column) =>
    column.numbers === null ? [] : [column.numbers.buffer as ArrayBuffer],
  );
  reply({ kind: 'done', result }, transfer);
}

port.on('message', (message: ProfilerMessage) => {
  queue = queue
    .then(() => handle(message))
    .catch((error: unknown) => {
      reply({
        kind: 'crash',
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    });
});
