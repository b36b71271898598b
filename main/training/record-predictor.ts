import { decodePrediction, type Preprocessing } from '../features/index.js';
// Not yet re-exported by the features room's index; imported directly until it is.
import { compileRecordEncoder, type RecordEncoder } from '../features/record-encoder.js';
import { isLinearModel, type LinearModel } from './linear/index.js';
import type { EncodedMatrix, FittedModel, Prediction } from './types.js';

/**
 * The most records a request may hold to take the per-record path: the gateway's batches of
 * live requests (to the champion and to shadows, up to 64) are answered here. Larger batches
 * are scoring jobs, where the columnar table path's setup is amortised and its scratch memory
 * is not held for the predictor's lifetime.
 */
export const RECORD_PATH_MAX_ROWS = 64;

export type RecordPrediction = {
  predictions: Prediction[];
  unseenCategories: number;
  unseenByFeature: Record<string, number>;
};

/**
 * Predictions for a few records without building a table: the same predictions, probabilities
 * and unseen counts as `tableFromRecords` → `encode` → `predictRaw` → `decodePrediction`, in a
 * few microseconds for a linear model.
 */
export type RecordPath = {
  /** Whether `records` (already known to be non-null objects) are few and plain enough for this path. */
  accepts(records: readonly Record<string, unknown>[]): boolean;
  predict(records: readonly Record<string, unknown>[]): RecordPrediction | Promise<RecordPrediction>;
};

/** Null when the preprocessing cannot be compiled; the table path then answers (or explains). */
export function compileRecordPath(pre: Preprocessing, model: FittedModel): RecordPath | null {
  const encoder = compileRecordEncoder(pre);
  if (encoder === null) return null;
  const accepts = (records: readonly Record<string, unknown>[]): boolean => {
    if (records.length === 0 || records.length > RECORD_PATH_MAX_ROWS) return false;
    // An array passes the caller's object check; the table path rejects it with its own message.
    for (const record of records) if (Array.isArray(record)) return false;
    return true;
  };
  if (isLinearModel(model)) return { accepts, predict: linearPredict(pre, encoder, model) };
  return {
    accepts,
    // Fresh arrays per call: predictRaw is asynchronous, so another request may start meanwhile.
    async predict(records) {
      const x = encoder.createMatrix(records.length);
      const unseen = encoder.encodeInto(records, x);
      const raw = await model.predictRaw(x);
      return { predictions: decodePrediction(pre, raw, records.length), ...unseen };
    },
  };
}

/**
 * Encodes, scores and decodes synchronously in buffers kept for the predictor's lifetime; being
 * synchronous, no other request can write into them in between.
 */
function linearPredict(
  pre: Preprocessing,
  encoder: RecordEncoder,
  model: LinearModel,
): (records: readonly Record<string, unknown>[]) => RecordPrediction {
  const outputs = model.coefficients().intercepts.length;
  const scratch = encoder.createMatrix(RECORD_PATH_MAX_ROWS);
  const out = new Float32Array(RECORD_PATH_MAX_ROWS * outputs);
  // Views of exactly n rows, so the matrix and the output keep their documented lengths.
  const matrices: EncodedMatrix[] = [];
  const outViews: Float32Array[] = [];
  const viewsFor = (rows: number): { x: EncodedMatrix; raw: Float32Array } => {
    if (matrices[rows] === undefined) {
      matrices[rows] = {
        ...scratch,
        rows,
        numeric: scratch.numeric.subarray(0, rows * scratch.numericWidth),
        categorical: scratch.categorical.map((codes) => codes.subarray(0, rows)),
      };
      outViews[rows] = out.subarray(0, rows * outputs);
    }
    return { x: matrices[rows], raw: outViews[rows] };
  };
  return (records) => {
    const { x, raw } = viewsFor(records.length);
    const unseen = encoder.encodeInto(records, x);
    model.predictRawInto(x, raw);
    return { predictions: decodePrediction(pre, raw, records.length), ...unseen };
  };
}
