import { mkdir, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { tempPathFor } from '../common/files.js';
import { PodiumError } from '../contract/errors.js';
import { inputSignature, type Preprocessing, toJSON } from '../features/index.js';
/**
 * A model package is written into a temporary sibling folder and renamed into place at the
 * end, so a cancelled or failed training never leaves a half-written package behind.
 */
import { FAMILY_FILE, MODEL_DIR, PREPROCESSING_FILE, SIGNATURE_FILE } from './package-files.js';
import type { FittedModel, ModelFamilyName, Task } from './types.js';

export { FAMILY_FILE, MODEL_DIR, PREPROCESSING_FILE, SIGNATURE_FILE };

export type FamilyFile = { family: ModelFamilyName; backend: string; task: Task; classes?: string[] };

/** Creates the temporary folder a package is built in; refuses a package folder that has content. */
export async function startPackage(packageDir: string): Promise<string> {
  let entries: string[] = [];
  try {
    entries = await readdir(packageDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (entries.length > 0) {
    throw new PodiumError(
      'CONFLICT',
      `The package folder ${packageDir} already has content; pick an empty one`,
      {
        packageDir,
      },
    );
  }
  await mkdir(dirname(packageDir), { recursive: true });
  const temp = tempPathFor(packageDir);
  await mkdir(temp);
  return temp;
}

export async function finishPackage(temp: string, packageDir: string): Promise<void> {
  // An empty folder may already stand at the target (a caller that created it); make way for the rename.
  await rmdir(packageDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(temp, packageDir);
}

export async function abandonPackage(temp: string): Promise<void> {
  await rm(temp, { recursive: true, force: true });
}

/** Writes model/, preprocessing.json and signature.json into `dir`. */
export async function writePackageFiles(dir: string, model: FittedModel, pre: Preprocessing): Promise<void> {
  const modelDir = join(dir, MODEL_DIR);
  await mkdir(modelDir, { recursive: true });
  await model.save(modelDir);
  const target = pre.target;
  const family: FamilyFile = {
    family: model.family,
    backend: model.backend,
    task: target.task,
    ...(target.task === 'number' ? {} : { classes: [...target.classes] }),
  };
  await writeFile(join(modelDir, FAMILY_FILE), `${JSON.stringify(family, null, 2)}\n`);
  await writeFile(join(dir, PREPROCESSING_FILE), `${JSON.stringify(toJSON(pre))}\n`);
  await writeFile(join(dir, SIGNATURE_FILE), `${JSON.stringify(inputSignature(pre), null, 2)}\n`);
}
