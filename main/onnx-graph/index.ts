export {
  attr,
  type Dimension,
  type ElementType,
  GraphBuilder,
  ONNX_ML_DOMAIN,
  ONNX_ML_OPSET,
  ONNX_OPSET,
} from './graph-builder.js';
