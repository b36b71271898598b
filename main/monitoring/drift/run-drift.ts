import { runWorkerTask } from '../../common/worker-task/index.js';
import type { CurrentData } from './detect.js';
import type { DriftWorkerInput } from './drift-worker.js';
import type { DriftOptions } from './options.js';
import type { DriftColumn, ReferenceDistribution } from './reference.js';
import type { DriftReport } from './report.js';

/**
 * `detectDrift` in a worker thread. The numeric columns' buffers are transferred, not copied:
 * a million-row column moves in constant time, and afterwards the caller's Float64Arrays are
 * detached (length 0) — pass copies to keep them. A Float64Array that is a view on part of a
 * larger buffer is copied first, so its neighbours in that buffer stay usable; shared memory is
 * shared, never transferred. The reference and categorical columns are structured-cloned.
 */
export function detectDriftInWorker(
  reference: ReferenceDistribution,
  current: CurrentData,
  options: Partial<DriftOptions> = {},
): Promise<DriftReport> {
  const transfer: ArrayBuffer[] = [];
  const movable = (column: DriftColumn): DriftColumn => {
    const values = column.values;
    if (!(values instanceof Float64Array) || !(values.buffer instanceof ArrayBuffer)) return column;
    const whole = values.byteOffset === 0 && values.byteLength === values.buffer.byteLength;
    const own = whole ? values : values.slice();
    if (!transfer.includes(own.buffer as ArrayBuffer)) transfer.push(own.buffer as ArrayBuffer);
    return { ...column, values: own };
  };
  const input: DriftWorkerInput = {
    reference,
    current: {
      columns: current.columns.map(movable),
      ...(current.prediction
        ? { prediction: movable({ ...current.prediction, name: current.prediction.name ?? 'prediction' }) }
        : {}),
    },
    options,
  };
  return runWorkerTask<DriftWorkerInput, DriftReport>(new URL('./drift-worker.js', import.meta.url), input, {
    name: 'drift check',
    transfer,
  });
}
