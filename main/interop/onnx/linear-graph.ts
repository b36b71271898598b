import { attr, type GraphBuilder } from '../../onnx-graph/index.js';
import type { LinearCoefficients, Task } from '../../training/index.js';
import type { EncodedFeatures } from './feature-graph.js';

const DOUBLE = 11;
const FLOAT = 1;

/**
 * A linear or elastic-net model: the design matrix (scaled numbers, then a one-hot block per
 * category feature including its unknown slot 0), one MatMul with the coefficients plus the
 * intercepts, then the sigmoid or softmax of the task. It runs in double precision and rounds
 * to float32 at the end, as predict-into.ts does, so the two agree to the last bit or two.
 * Returns the float32 `[N, K]` raw output.
 */
export function addLinearGraph(
  graph: GraphBuilder,
  features: EncodedFeatures,
  task: Task,
  coefficients: LinearCoefficients,
): string {
  const blocks: string[] = [];
  if (features.numeric !== null)
    blocks.push(graph.op('Cast', [features.numeric], [attr.int('to', DOUBLE)], 'numeric_double'));
  for (const feature of features.categorical) {
    const slots = graph.constant(
      `${feature.name}_slots`,
      'int64',
      Array.from({ length: feature.cardinality }, (_, i) => i),
      [feature.cardinality],
    );
    const hot = graph.op('Equal', [feature.codes, slots], [], `${feature.name}_is_slot`);
    blocks.push(graph.op('Cast', [hot], [attr.int('to', DOUBLE)], `${feature.name}_one_hot`));
  }
  const design =
    blocks.length === 1 ? blocks[0] : graph.op('Concat', blocks, [attr.int('axis', 1)], 'design');

  const outputs = coefficients.intercepts.length;
  const width = coefficients.names.length;
  // Stored per output; MatMul wants [width, outputs].
  const matrix = new Float64Array(width * outputs);
  for (let k = 0; k < outputs; k++)
    for (let j = 0; j < width; j++) matrix[j * outputs + k] = coefficients.weights[k][j];
  const product = graph.op('MatMul', [
    design,
    graph.constant('coefficients', 'double', matrix, [width, outputs]),
  ]);
  const margins = graph.op(
    'Add',
    [product, graph.constant('intercepts', 'double', coefficients.intercepts, [outputs])],
    [],
    'margins',
  );
  const activated =
    task === 'binary'
      ? graph.op('Sigmoid', [margins])
      : task === 'category'
        ? graph.op('Softmax', [margins], [attr.int('axis', 1)])
        : margins;
  return graph.op('Cast', [activated], [attr.int('to', FLOAT)], 'raw_output');
}
