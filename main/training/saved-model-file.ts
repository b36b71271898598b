import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { PodiumError } from '../contract/errors.js';

/**
 * Reads a model family's JSON file from a package and checks it against the family's schema: a
 * missing, unreadable or malformed file is PACKAGE_INVALID naming the file and the key.
 */
export async function readSavedModelFile<T>(file: string, schema: z.ZodType<T>, what = file): Promise<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new PodiumError('PACKAGE_INVALID', `Cannot read ${what}: ${(error as Error).message}`, { file });
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new PodiumError(
      'PACKAGE_INVALID',
      `${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`,
      {
        file,
      },
    );
  }
  return result.data;
}
