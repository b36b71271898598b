import type { Task } from '../../training/index.js';
import type { EcdWeights, Tensor } from './ecd-weights.js';
import type { EncodedFeatures } from './feature-graph.js';
import { attr, type GraphBuilder } from './graph-builder.js';

/**
 * An ECD network as network.ts builds it: the numeric block and one embedding per category
 * feature (Gather of the code's row, the unknown slot 0 included), concatenated, then MatMul +
 * Add + Relu per fully connected layer and the task's activation on the output layer, all in
 * float32 as TensorFlow.js computes it. Returns the float32 `[N, K]` raw output.
 */
export function addEcdGraph(
  graph: GraphBuilder,
  features: EncodedFeatures,
  task: Task,
  weights: EcdWeights,
): string {
  if (weights.embeddings.length !== features.categorical.length) {
    throw new Error('The ECD network’s embeddings do not match its category features');
  }
  const parts: string[] = features.numeric === null ? [] : [features.numeric];
  features.categorical.forEach((feature, i) => {
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
