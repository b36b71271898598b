import { setTimeout as sleep } from 'node:timers/promises';
import { serveWorkerTask, type TaskProgress } from '../../main/common/worker-task/index.js';
import { PodiumError } from '../../main/contract/errors.js';

/**
 * A small real worker for the helper's tests: each `behaviour` exercises one path of the
 * protocol, the way a real task (training, drift, profiling) would meet it.
 */
export type SampleTaskInput =
  | { behaviour: 'count'; to: number }
  | { behaviour: 'podium-error' }
  | { behaviour: 'bug' }
  | { behaviour: 'stops-when-cancelled' }
  | { behaviour: 'ignores-cancel' }
  | { behaviour: 'sum-messages' }
  | { behaviour: 'exit' };

serveWorkerTask<SampleTaskInput, number, TaskProgress, number>(async (input, task) => {
  switch (input.behaviour) {
    case 'count':
      for (let i = 1; i <= input.to; i++) task.emit({ step: 'count', current: i, total: input.to });
      return input.to;
    case 'podium-error':
      throw new PodiumError('DATA_INVALID', 'column "age" holds text in row 3', { column: 'age', row: 3 });
    case 'bug': {
      const missing = null as unknown as { field: number };
      return missing.field;
    }
    case 'stops-when-cancelled':
      task.emit({ step: 'waiting', current: 0, total: 1 });
      while (!task.signal.aborted) await sleep(5);
      throw new PodiumError('CANCELLED', 'stopped as asked');
    case 'ignores-cancel':
      task.emit({ step: 'spinning', current: 0, total: 1 });
      // A synchronous loop: the cancel message is never even read, only terminate stops it.
      for (;;) {}
    case 'sum-messages': {
      let sum = 0;
      for await (const value of task.messages) {
        sum += value;
        task.emit({ step: 'sum', current: sum, total: 0 });
      }
      return sum;
    }
    case 'exit':
      process.exit(3);
  }
});
