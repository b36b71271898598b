import { warmWorkerTask } from '../../main/common/worker-task/index.js';

/**
 * A command that warms a worker and ends without claiming it (the warm-worker test spawns it
 * with `--warm`): the process must exit by itself, the thread must not keep it alive.
 */
if (process.argv[2] === '--warm') {
  warmWorkerTask(new URL('./warm-sample-worker.js', import.meta.url));
  process.stdout.write('warmed\n');
}
