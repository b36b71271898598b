import { attr, type GraphBuilder } from '../../onnx-graph/index.js';
import type { Task } from '../types.js';
import type { EcdWeights, Tensor } from './ecd-weights.js';

/**
 * Where the network reads its encoded input in a graph: the float32 `[N, numericWidth]` numeric
 * block (null when there is none) and, per category feature in the matrix's order, its integer
 * `[N, 1]` codes (0 the unknown slot). The export computes these from raw fields; the ecd scorer
 * takes them as graph inputs straight from the encoded matrix.
 */
export type EcdNetworkInputs = {
  numeric: string | null;
  categorical: { name: string; codes: string }[];
};

/**
 * An ECD network as network.ts builds it: the numeric block and one embedding per category
 * feature (Gather of the code's row, the unknown slot 0 included), concatenated, then MatMul +
 * Add + Relu per fully connected layer and the task's activation on the output layer, all in
 * float32 as TensorFlow.js computes it. Returns the float32 `[N, K]` raw output, in
 * FittedModel.predictRaw's space.
 */
export function addEcdNetwork(
  graph: GraphBuilder,
  inputs: EcdNetworkInputs,
  task: Task,
  weights: EcdWeights,
): string {
  if (weights.embeddings.length !== inputs.categorical.length) {
    throw new Error('The ECD network’s embeddings do not match its category features');
  }
  const parts: string[] = inputs.numeric === null ? [] : [inputs.numeric];
  inputs.categorical.forEach((feature, i) => {
    const table = weights.embeddings[i];
    const width = table.shape[1];
    const gathered = graph.op(
      'Gather',
      [tensorConstant(graph, `embedding_${i}`, table), feature.codes],
      [attr.int('axis', 0)],
      `${feature.name}_embedded`,
    );
    parts.push(
      graph.op(
        'Reshape',
        [gathered, graph.constant(`embedding_${i}_shape`, 'int64', [-1, width], [2])],
        [],
        `${feature.name}_embedding`,
      ),
    );
  });
  let h = parts.length === 1 ? parts[0] : graph.op('Concat', parts, [attr.int('axis', 1)], 'combined');
  weights.hidden.forEach((layer, i) => {
    h = graph.op('Relu', [dense(graph, h, layer, `fc_${i}`)], [], `fc_${i}_relu`);
  });
  const logits = dense(graph, h, weights.logits, 'logits');
  if (task === 'binary') return graph.op('Sigmoid', [logits], [], 'raw_output');
  if (task === 'category') return graph.op('Softmax', [logits], [attr.int('axis', 1)], 'raw_output');
  return logits;
}

function dense(
  graph: GraphBuilder,
  input: string,
  layer: { kernel: Tensor; bias: Tensor },
  name: string,
): string {
  const product = graph.op(
    'MatMul',
    [input, tensorConstant(graph, `${name}_kernel`, layer.kernel)],
    [],
    `${name}_matmul`,
  );
  return graph.op('Add', [product, tensorConstant(graph, `${name}_bias`, layer.bias)], [], name);
}

function tensorConstant(graph: GraphBuilder, name: string, tensor: Tensor): string {
  return graph.constant(name, 'float', tensor.values, tensor.shape);
}
