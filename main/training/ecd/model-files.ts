import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { io, LayersModel } from '@tensorflow/tfjs';
import { writeFileAtomic } from '../../common/files.js';
import { PodiumError } from '../../contract/errors.js';
import type { Tf } from '../backend.js';
import type { Task } from '../types.js';
import type { EcdSignature } from './inputs.js';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';
/** What the tfjs files do not say: which task the outputs answer and how inputs are laid out. */
export const ECD_JSON = 'ecd.json';

export type EcdMetadata = {
  family: 'ecd';
  formatVersion: 1;
  task: Task;
  classes?: string[];
  signature: EcdSignature;
  /** The backend that trained it; informational, any backend can load it. */
  backend: string;
};

/**
 * Writes the standard TensorFlow.js layers format (`model.json` + one `weights.bin` shard), so
 * the files also load with `tf.loadLayersModel` elsewhere. Plain tfjs has no file:// handler in
 * Node, hence the save handler writing with node:fs.
 */
export async function saveModelFiles(
  tf: Tf,
  model: LayersModel,
  metadata: EcdMetadata,
  dir: string,
): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = new Uint8Array(tf.io.concatenateArrayBuffers(artifacts.weightData ?? []));
      const modelJson: io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
      };
      const modelText = JSON.stringify(modelJson);
      await writeFileAtomic(join(dir, WEIGHTS_BIN), weights);
      await writeFileAtomic(join(dir, MODEL_JSON), modelText);
      await writeFileAtomic(join(dir, ECD_JSON), `${JSON.stringify(metadata, null, 2)}\n`);
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          modelTopologyBytes: Buffer.byteLength(modelText),
          weightDataBytes: weights.byteLength,
        },
      };
    }),
  );
}

export async function loadModelFiles(
  tf: Tf,
  dir: string,
): Promise<{ model: LayersModel; metadata: EcdMetadata }> {
  const metadata = await readEcdMetadata(dir);
  let modelJson: io.ModelJSON;
  let weights: Buffer;
  try {
    modelJson = JSON.parse(await readFile(join(dir, MODEL_JSON), 'utf8')) as io.ModelJSON;
    weights = await readFile(join(dir, WEIGHTS_BIN));
  } catch (error) {
    throw unreadable(dir, error);
  }
  try {
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        format: modelJson.format,
        generatedBy: modelJson.generatedBy,
        convertedBy: modelJson.convertedBy,
        weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
        // A Buffer may be a view into a larger pooled ArrayBuffer; tfjs wants exactly the bytes.
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      }),
    );
    return { model, metadata };
  } catch (error) {
    throw new PodiumError(
      'PACKAGE_INVALID',
      `Cannot load the ECD model in ${dir}: ${(error as Error).message}`,
      {
        dir,
      },
    );
  }
}

/** `ecd.json`: the task and input layout, which every way of scoring the network needs. */
export async function readEcdMetadata(dir: string): Promise<EcdMetadata> {
  let metadata: EcdMetadata;
  try {
    metadata = JSON.parse(await readFile(join(dir, ECD_JSON), 'utf8')) as EcdMetadata;
  } catch (error) {
    throw unreadable(dir, error);
  }
  if (metadata?.family !== 'ecd' || metadata.formatVersion !== 1) {
    throw new PodiumError('PACKAGE_INVALID', `${join(dir, ECD_JSON)} is not an ECD model of format 1`, {
      dir,
    });
  }
  return metadata;
}

function unreadable(dir: string, error: unknown): PodiumError {
  return new PodiumError(
    'PACKAGE_INVALID',
    `Cannot read the ECD model in ${dir}: ${(error as Error).message}`,
    {
      dir,
    },
  );
}
