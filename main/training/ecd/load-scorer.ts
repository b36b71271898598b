import { printNotice } from '../../common/notice.js';
import { PodiumError } from '../../contract/errors.js';
import { getTf, selectBackend } from '../backend.js';
import type { FittedModel, Task } from '../types.js';
import { createFittedModel } from './fitted-model.js';
import { type EcdMetadata, loadModelFiles, readEcdMetadata } from './model-files.js';
import { createOnnxScorer, importOnnxRuntime } from './onnx-scorer.js';
import { ECD_SCORER_ENV, type EcdScorer, ecdScorerChoice } from './scorer-choice.js';

let fallbackNoted = false;

/**
 * A saved ECD network, ready to score on the backend chosen (ONNX Runtime unless
 * `PODIUM_ECD_SCORER=tfjs`). When ONNX Runtime's native library cannot load (a platform it has
 * no build for, a musl base image) and nobody asked for it by name, TensorFlow.js scores instead
 * and a note on stderr says why: a slower answer beats none.
 */
export async function loadEcdScorer(
  dir: string,
  target: { task: Task },
  choice: { scorer: EcdScorer; forced: boolean } = ecdScorerChoice(),
): Promise<FittedModel> {
  const metadata = await readEcdMetadata(dir);
  checkTask(dir, metadata, target.task);
  if (choice.scorer === 'onnxruntime') {
    const loaded = await importOnnxRuntime();
    if ('ort' in loaded) return createOnnxScorer(loaded.ort, dir, metadata);
    if (choice.forced) {
      throw new PodiumError(
        'CONFIG_INVALID',
        `${ECD_SCORER_ENV}=onnxruntime was requested but onnxruntime-node could not be loaded: ${loaded.error}`,
        { variable: ECD_SCORER_ENV, value: 'onnxruntime' },
      );
    }
    noteFallback(loaded.error);
  }
  const tf = await getTf();
  const backend = await selectBackend();
  const { model } = await loadModelFiles(tf, dir);
  return createFittedModel(tf, model, metadata, backend);
}

function checkTask(dir: string, metadata: EcdMetadata, task: Task): void {
  if (metadata.task === task) return;
  throw new PodiumError(
    'PACKAGE_INVALID',
    `The ECD model in ${dir} answers a ${metadata.task} task, not ${task}`,
    { dir, expected: task, actual: metadata.task },
  );
}

function noteFallback(error: string): void {
  if (fallbackNoted) return;
  fallbackNoted = true;
  printNotice(
    `onnxruntime-node could not be loaded (${error}); ecd models are scored with TensorFlow.js instead, ` +
      `which is slower. Set ${ECD_SCORER_ENV}=tfjs to choose it explicitly.`,
  );
}
