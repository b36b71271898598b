import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inputSignature, type Preprocessing, toJSON } from '../../features/index.js';
import { ONNX_LAYOUT_FILE, ONNX_MODEL_FILE, type OnnxLayout } from '../../training/onnx/onnx-layout.js';
import {
  FAMILY_FILE,
  type FamilyFile,
  MODEL_DIR,
  PREPROCESSING_FILE,
  SIGNATURE_FILE,
} from '../../training/package-dir.js';
import type { OnnxPlan } from './onnx-plan.js';

/**
 * The files a trained package holds, for an imported graph: model/ with the ONNX file, its
 * layout and its family, then the preprocessing and the signature, so loadPredictor reads it as any.
 */
export async function writeImportedPackage(
  dir: string,
  bytes: Uint8Array,
  plan: OnnxPlan,
  pre: Preprocessing,
): Promise<void> {
  const modelDir = join(dir, MODEL_DIR);
  await mkdir(modelDir, { recursive: true });
  await writeFile(join(modelDir, ONNX_MODEL_FILE), bytes);
  const vocabularies: Record<string, string[]> = {};
  for (const input of pre.inputs) if (input.kind === 'category') vocabularies[input.name] = input.vocabulary;
  const layout: OnnxLayout = {
    format: 'podium-onnx-layout/1',
    inputs: plan.inputs,
    outputs: plan.outputs,
    vocabularies,
  };
  await writeFile(join(modelDir, ONNX_LAYOUT_FILE), `${JSON.stringify(layout, null, 2)}\n`);
  const family: FamilyFile = {
    family: 'onnx',
    backend: 'onnxruntime',
    task: plan.task,
    ...(plan.classes ? { classes: plan.classes } : {}),
  };
  await writeFile(join(modelDir, FAMILY_FILE), `${JSON.stringify(family, null, 2)}\n`);
  await writeFile(join(dir, PREPROCESSING_FILE), `${JSON.stringify(toJSON(pre))}\n`);
  await writeFile(join(dir, SIGNATURE_FILE), `${JSON.stringify(inputSignature(pre), null, 2)}\n`);
}
