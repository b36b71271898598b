import { PodiumError } from '../../contract/errors.js';
import type { EncodedMatrix, ModelConfig } from '../types.js';
import { type EcdSignature, signatureOf } from './inputs.js';

/** Everything that decides the network's shape and regularisation, resolved from config + data. */
export type NetworkSpec = {
  signature: EcdSignature;
  /** Per categorical feature, in the matrix's order. */
  embeddingSizes: number[];
  hiddenUnits: number[];
  dropout: number;
  l1: number;
  l2: number;
};

/** fast.ai's rule of thumb for an embedding's width, capped so small tables stay fast. */
export function defaultEmbeddingSize(cardinality: number): number {
  return Math.max(1, Math.min(16, Math.round(1.6 * cardinality ** 0.56)));
}

export function networkSpecFor(x: EncodedMatrix, config: ModelConfig): NetworkSpec {
  const configured = new Map(
    config.input_features.map((feature) => [feature.name, feature.encoder?.embedding_size]),
  );
  const embeddingSizes = x.categoricalCardinalities.map((cardinality, i) => {
    const size = configured.get(x.categoricalNames[i]);
    return size === undefined ? defaultEmbeddingSize(cardinality) : positiveInteger(size, 'embedding_size');
  });
  if (x.numericWidth === 0 && x.categorical.length === 0) {
    throw new PodiumError('TRAINING_FAILED', 'The encoded input has no columns to train on');
  }
  const { dropout } = config.combiner;
  if (!(dropout >= 0 && dropout < 1)) {
    throw new PodiumError('TRAINING_FAILED', `combiner.dropout must be in [0, 1), got ${dropout}`);
  }
  const { l1, l2 } = config.trainer;
  if (!(l1 >= 0 && l2 >= 0)) {
    throw new PodiumError('TRAINING_FAILED', `trainer.l1 and trainer.l2 must be ≥ 0, got ${l1} and ${l2}`);
  }
  return {
    signature: signatureOf(x),
    embeddingSizes,
    hiddenUnits: config.combiner.fc_layers.map((layer) => positiveInteger(layer.output_size, 'output_size')),
    dropout,
    l1,
    l2,
  };
}

function positiveInteger(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new PodiumError('TRAINING_FAILED', `${field} must be a positive integer, got ${value}`);
  }
  return value;
}
