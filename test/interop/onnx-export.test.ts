import { describeOnnxParity, TREE_AND_LINEAR_CASES } from './onnx-parity.js';

/**
 * Linear, elastic net, gbm and random forest models, each task, exported to ONNX and scored on
 * 1,000 rows by ONNX Runtime and by Podium's predictor (see onnx-parity.ts).
 */
describeOnnxParity('ONNX export: linear and tree models', TREE_AND_LINEAR_CASES);
