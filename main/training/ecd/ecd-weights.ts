import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PodiumError } from '../../contract/errors.js';

/**
 * The weights of a saved ECD network (TensorFlow.js layers format: `model.json`'s manifest and
 * the `weights.bin` it describes), read without loading TensorFlow.js: the ONNX export and the
 * ONNX Runtime scorer need the numbers, not a runtime. Named as network.ts names its layers.
 */
export type EcdWeights = {
  /** Per categorical feature, its embedding table `[cardinality, width]`. */
  embeddings: Tensor[];
  /** The ReLU layers in order, then the output layer: kernel `[in, out]`, bias `[out]`. */
  hidden: { kernel: Tensor; bias: Tensor }[];
  logits: { kernel: Tensor; bias: Tensor };
};

export type Tensor = { shape: number[]; values: Float32Array };

type ManifestEntry = { name: string; shape: number[]; dtype: string };

export async function readEcdWeights(dir: string): Promise<EcdWeights> {
  const modelFile = join(dir, 'model.json');
  let manifest: ManifestEntry[];
  let bytes: Buffer;
  try {
    const model = JSON.parse(await readFile(modelFile, 'utf8')) as {
      weightsManifest?: { weights?: ManifestEntry[] }[];
    };
    manifest = (model.weightsManifest ?? []).flatMap((group) => group.weights ?? []);
    bytes = await readFile(join(dir, 'weights.bin'));
  } catch (error) {
    throw new PodiumError(
      'PACKAGE_INVALID',
      `Cannot read the ECD weights in ${dir}: ${(error as Error).message}`,
      {
        file: modelFile,
      },
    );
  }
  const byName = new Map<string, Tensor>();
  let offset = 0;
  for (const entry of manifest) {
    if (entry.dtype !== 'float32') {
      throw new PodiumError(
        'PACKAGE_INVALID',
        `${modelFile}: weight ${entry.name} is ${entry.dtype}, not float32`,
        {
          file: modelFile,
          key: entry.name,
        },
      );
    }
    const count = entry.shape.reduce((a, b) => a * b, 1);
    if (offset + count * 4 > bytes.length) {
      throw new PodiumError('PACKAGE_INVALID', `${modelFile}: weights.bin is shorter than its manifest`, {
        file: modelFile,
      });
    }
    // Copied: the file buffer's offset need not be 4-byte aligned.
    const values = new Float32Array(
      bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + count * 4),
    );
    byName.set(layerKey(entry.name), { shape: entry.shape, values });
    offset += count * 4;
  }
  const take = (name: string): Tensor => {
    const tensor = byName.get(name);
    if (tensor === undefined) {
      throw new PodiumError('PACKAGE_INVALID', `${modelFile} has no weight ${name}`, {
        file: modelFile,
        key: name,
      });
    }
    return tensor;
  };
  const embeddings: Tensor[] = [];
  for (let i = 0; byName.has(`embedding_${i}/embeddings`); i++)
    embeddings.push(take(`embedding_${i}/embeddings`));
  const hidden: EcdWeights['hidden'] = [];
  for (let i = 0; byName.has(`fc_${i}/kernel`); i++)
    hidden.push({ kernel: take(`fc_${i}/kernel`), bias: take(`fc_${i}/bias`) });
  return { embeddings, hidden, logits: { kernel: take('logits/kernel'), bias: take('logits/bias') } };
}

/**
 * `layer/weight` from a saved weight's name. tfjs may suffix a layer or weight name that was used
 * before in the same process (`fc_0_1/kernel`, `fc_0/kernel_1`), so the suffix is dropped.
 */
function layerKey(name: string): string {
  const [layer = '', weight = ''] = name.split('/');
  return `${layer.replace(/^((?:embedding|fc)_\d+|logits)(_\d+)?$/, '$1')}/${weight.replace(/_\d+$/, '')}`;
}
