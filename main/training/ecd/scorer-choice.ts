import { PodiumError } from '../../contract/errors.js';

/**
 * What computes a loaded ecd network's predictions. ONNX Runtime is the default: the ecd graph
 * scored 200,000 rows in 0.39 s on it against 1.42 s for the TensorFlow.js (WebAssembly) path
 * (BENCHMARKS.md, "ONNX Runtime as a scoring backend"), and a service that scores with it never
 * loads TensorFlow.js.
 * Training always runs on TensorFlow.js.
 */
export type EcdScorer = 'onnxruntime' | 'tfjs';

export const ECD_SCORER_ENV = 'PODIUM_ECD_SCORER';
const SCORERS: readonly EcdScorer[] = ['onnxruntime', 'tfjs'];

/**
 * `PODIUM_ECD_SCORER=onnxruntime|tfjs`, read at each load. `forced` says the user named it: a
 * named ONNX Runtime that cannot load is an error, the default falls back to TensorFlow.js.
 */
export function ecdScorerChoice(): { scorer: EcdScorer; forced: boolean } {
  const raw = process.env[ECD_SCORER_ENV];
  const value = raw?.trim().toLowerCase();
  if (value === undefined || value === '') return { scorer: 'onnxruntime', forced: false };
  const scorer = SCORERS.find((candidate) => candidate === value);
  if (scorer === undefined) {
    throw new PodiumError(
      'CONFIG_INVALID',
      `${ECD_SCORER_ENV}="${raw}" is not an ecd scoring backend; use one of ${SCORERS.join(', ')}`,
      { variable: ECD_SCORER_ENV, value: raw },
    );
  }
  return { scorer, forced: true };
}
