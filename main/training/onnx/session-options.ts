import type { InferenceSession } from 'onnxruntime-node';

/**
 * One thread per session: a model service is one of several processes on the machine, and a
 * tabular batch is too small for more threads to pay for their hand-offs. Its own file with a
 * type-only import, so the ecd scorer can share it without loading ONNX Runtime's native library
 * before it has decided to.
 */
export const ONNX_SESSION_OPTIONS: InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
};
