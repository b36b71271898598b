import type { TaskProgress } from './worker-task/index.js';

/** How often a large file's read reports its progress: often enough for a bar, not a flood. */
const PROGRESS_INTERVAL_MS = 200;

/** Reports bytes read of `total`, at most every PROGRESS_INTERVAL_MS and always at the end. */
export function byteProgress(
  total: number,
  onProgress: ((progress: TaskProgress) => void) | undefined,
): ((bytes: number) => void) | undefined {
  if (onProgress === undefined) return undefined;
  // A file read within the first interval reports only its end: no bar flashes for small files.
  let last = Date.now();
  return (bytes) => {
    const now = Date.now();
    if (bytes < total && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    onProgress({ step: 'read', current: bytes, total });
  };
}
