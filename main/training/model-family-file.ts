import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { PodiumError } from '../contract/errors.js';
import { FAMILY_FILE, MODEL_DIR } from './package-dir.js';

const familyFileSchema = z.object({
  family: z.enum(['linear', 'ecd', 'gbm', 'random_forest', 'onnx']),
  backend: z.string(),
  task: z.enum(['binary', 'category', 'number']),
  classes: z.array(z.string()).optional(),
});

export type ModelFamilyFile = z.infer<typeof familyFileSchema>;

/** A JSON file of a model package, or an error naming it (missing, unreadable, not JSON). */
export async function readPackageJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new PodiumError(
      missing ? 'NOT_FOUND' : 'PACKAGE_INVALID',
      missing ? `The model package has no ${file}` : `Cannot read ${file}: ${(error as Error).message}`,
      { file },
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new PodiumError('PACKAGE_INVALID', `${file} is not valid JSON`, { file });
  }
}

/** Which family wrote a package's model, for which task and classes (model/family.json). */
export async function readModelFamily(packageDir: string): Promise<ModelFamilyFile> {
  const familyPath = join(packageDir, MODEL_DIR, FAMILY_FILE);
  const parsed = familyFileSchema.safeParse(await readPackageJson(familyPath));
  if (!parsed.success) {
    throw new PodiumError(
      'PACKAGE_INVALID',
      `${familyPath} does not say which model family wrote the model`,
      {
        file: familyPath,
      },
    );
  }
  return parsed.data;
}
