import { describeOnnxParity, ECD_CASES } from './onnx-parity.js';

/**
 * ECD networks, each task, exported to ONNX and scored on 1,000 rows by ONNX Runtime and by
 * Podium's predictor (see onnx-parity.ts). Apart from the other families: loading TensorFlow.js
 * alone takes seconds.
 */
describeOnnxParity('ONNX export: ECD networks', ECD_CASES);
