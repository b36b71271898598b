export type { TaskProgress } from './protocol.js';
export { serveWorkerTask, type TaskContext, Transferred } from './serve-worker-task.js';
export {
  runWorkerTask,
  startWorkerTask,
  type TaskLogger,
  type WorkerTask,
  type WorkerTaskOptions,
} from './start-worker-task.js';
export { discardWarmWorkers, isWarm, warmWorkerTask } from './warm-worker.js';
