import type { LayersModel, Scalar, SymbolicTensor, Tensor, Variable } from '@tensorflow/tfjs';
import type { Random } from '../../common/random.js';
import type { Tf } from '../backend.js';
import { createEmbeddingLookup } from './embedding-lookup.js';
import type { NetworkSpec } from './network-spec.js';
import type { TaskHead } from './task-head.js';

type Dense = ReturnType<Tf['layers']['dense']>;

/**
 * The ECD network: numeric input + one embedding per categorical feature, concatenated, then
 * `fc_layers` ReLU layers and a task head.
 *
 * `model` is the inference graph (it ends in the task's activation) and is what gets saved and
 * served. Training does not go through it: `logits` runs the same weights eagerly so dropout can
 * take a fresh seed per batch from our RNG (a tfjs Dropout layer reuses one fixed seed, which
 * would drop the same units in every batch) and the embedding lookup has a gradient on WASM.
 */
export type EcdNetwork = {
  model: LayersModel;
  /** Pre-activation outputs; with `dropoutSeed`, dropout is applied after each hidden layer. */
  logits(inputs: Tensor[], dropoutSeed?: () => number): Tensor;
  /** The trainable variables, passed to the optimizer explicitly so other models in the process are never touched. */
  variables: Variable[];
  /** The L1/L2 kernel penalty, or null when both strengths are 0. */
  penalty(): Scalar | null;
};

export function buildNetwork(
  tf: Tf,
  spec: NetworkSpec,
  head: TaskHead,
  initialBias: Float32Array,
  random: Random,
): EcdNetwork {
  const seed = (): number => random.int(2 ** 31);
  const regularizer =
    spec.l1 > 0 || spec.l2 > 0 ? tf.regularizers.l1l2({ l1: spec.l1, l2: spec.l2 }) : undefined;

  const inputs: SymbolicTensor[] = [];
  const numericInput =
    spec.signature.numericWidth > 0
      ? tf.input({ shape: [spec.signature.numericWidth], name: 'numeric' })
      : undefined;
  if (numericInput !== undefined) inputs.push(numericInput);

  const embeddings = spec.signature.categoricalCardinalities.map((cardinality, i) => ({
    input: tf.input({ shape: [1], dtype: 'int32', name: `category_${i}` }),
    embedding: tf.layers.embedding({
      name: `embedding_${i}`,
      inputDim: cardinality,
      outputDim: spec.embeddingSizes[i],
      embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed() }),
    }),
    flatten: tf.layers.flatten({ name: `embedding_${i}_flat` }),
  }));
  inputs.push(...embeddings.map((e) => e.input));

  const concat = inputs.length > 1 ? tf.layers.concatenate({ name: 'concat_combiner' }) : undefined;
  const hidden = spec.hiddenUnits.map((units, i) =>
    tf.layers.dense({
      name: `fc_${i}`,
      units,
      activation: 'relu',
      kernelInitializer: tf.initializers.heUniform({ seed: seed() }),
      kernelRegularizer: regularizer,
    }),
  );
  const output = tf.layers.dense({
    name: 'logits',
    units: head.units,
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed() }),
    biasInitializer: tf.initializers.zeros(),
    kernelRegularizer: regularizer,
  });
  const activation = tf.layers.activation({ name: 'prediction', activation: head.activation });

  // Symbolic pass: builds the weights and the graph that is saved.
  const parts: SymbolicTensor[] = [];
  if (numericInput !== undefined) parts.push(numericInput);
  for (const e of embeddings) {
    parts.push(e.flatten.apply(e.embedding.apply(e.input)) as SymbolicTensor);
  }
  let h = concat === undefined ? parts[0] : (concat.apply(parts) as SymbolicTensor);
  for (const layer of hidden) h = layer.apply(h) as SymbolicTensor;
  const prediction = activation.apply(output.apply(h)) as SymbolicTensor;
  const model = tf.model({ inputs, outputs: prediction, name: 'ecd' });

  tf.tidy(() => {
    const [kernel] = output.getWeights();
    output.setWeights([kernel, tf.tensor1d(initialBias)]);
  });

  const lookup = createEmbeddingLookup(tf);
  const logits = (values: Tensor[], dropoutSeed?: () => number): Tensor =>
    tf.tidy(() => {
      const eager: Tensor[] = [];
      let next = 0;
      if (numericInput !== undefined) eager.push(values[next++]);
      for (const e of embeddings) {
        eager.push(lookup(tf.reshape(values[next++], [-1]), e.embedding.weights[0].read()));
      }
      let x = concat === undefined ? eager[0] : (concat.apply(eager) as Tensor);
      for (const layer of hidden) {
        x = layer.apply(x) as Tensor;
        if (dropoutSeed !== undefined && spec.dropout > 0) {
          x = tf.dropout(x, spec.dropout, undefined, dropoutSeed());
        }
      }
      return output.apply(x) as Tensor;
    });

  const regularized: Dense[] = [...hidden, output];
  return {
    model,
    logits,
    // LayerVariable.read() is typed as Tensor but returns the backing tf.Variable itself, which is
    // what tfjs-layers' own fit() hands to the optimizer.
    variables: model.trainableWeights.map((weight) => weight.read() as Variable),
    penalty: () => {
      if (regularizer === undefined) return null;
      return tf.tidy(() => tf.addN(regularized.flatMap((layer) => layer.calculateLosses())) as Scalar);
    },
  };
}
