import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { writeFileAtomic } from '../common/files.js';
import { PodiumError } from '../contract/errors.js';

/**
 * A file a command writes for the user (`--html FILE`), checked before the work that fills it,
 * so a typo in the path costs no drift check and never surfaces as an internal error.
 */
export async function checkOutputFile(option: string, file: string): Promise<string> {
  const target = resolve(file);
  const existing = await stat(target).catch(() => null);
  if (existing?.isDirectory())
    throw new PodiumError('USAGE', `${option} ${target} is a folder; give a file name inside it`, {
      path: target,
    });
  const folder = dirname(target);
  const parent = await stat(folder).catch(() => null);
  if (!parent)
    throw new PodiumError('USAGE', `${option} ${target}: the folder ${folder} does not exist`, {
      path: target,
    });
  if (!parent.isDirectory())
    throw new PodiumError('USAGE', `${option} ${target}: ${folder} is not a folder`, { path: target });
  return target;
}

/** Written whole or not at all; a refusal of the file system is named with the path. */
export async function writeOutputFile(target: string, text: string): Promise<void> {
  try {
    await writeFileAtomic(target, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    const why =
      code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'ENOSPC'
          ? 'the disk is full'
          : code === 'EROFS'
            ? 'the file system is read-only'
            : code;
    throw new PodiumError('DATA_INVALID', `Could not write ${target}: ${why}`, { path: target });
  }
}
