import { sha256File } from '../common/files.js';
import { serveWorkerTask } from '../common/worker-task/index.js';
import { verifyPackage } from '../registry/index.js';
import { loadPredictor } from '../training/index.js';
import { type RefusedRow, type WriteInput, writePredictions } from './write-predictions.js';

/**
 * Batch prediction in a worker thread: parsing a million rows, scoring them and writing the
 * output is seconds of CPU the thread answering the UI and the gateway must not spend.
 * The caller owns the temporary output (it removes it on any failure) and the lineage record.
 */
export type PredictWorkerInput = Omit<WriteInput, 'onProgress' | 'signal'> & {
  packagePath: string;
  packageSha256: string;
};
export type PredictWorkerOutput = {
  rows: number;
  sha256: string;
  inputSha256: string;
  backend: string;
  skipped: number;
  refused: RefusedRow[];
};
export type PredictProgress = { step: 'predict'; current: number; total: number };

serveWorkerTask<PredictWorkerInput, PredictWorkerOutput, PredictProgress>(async (input, task) => {
  await verifyPackage(input.packagePath, input.packageSha256);
  const predictor = await loadPredictor(input.packagePath);
  try {
    const [inputSha256, written] = await Promise.all([
      sha256File(input.input),
      writePredictions(predictor, { ...input, onProgress: task.emit, signal: task.signal }),
    ]);
    return { ...written, inputSha256, backend: predictor.backend };
  } finally {
    predictor.dispose();
  }
});
