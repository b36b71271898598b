import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PodiumError } from '../contract/errors.js';

/** Temporary files carry this marker so `doctor` and start-up clean-up can find leftovers. */
export const TEMP_MARKER = '.podium-tmp-';

export function tempPathFor(target: string): string {
  return join(dirname(target), `${TEMP_MARKER}${randomBytes(6).toString('hex')}`);
}

/** Writes to a temporary name and renames, so a crash never leaves a half-written file. */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array | Iterable<string>,
): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const temp = tempPathFor(target);
  try {
    await writeFile(temp, data);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hash of a folder's files (relative path + content), stable across machines. */
export async function sha256Directory(root: string): Promise<string> {
  const files = await listFilesRecursive(root);
  const hash = createHash('sha256');
  for (const relative of files.sort()) {
    hash.update(relative);
    hash.update('\0');
    hash.update(await readFile(join(root, relative)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export async function listFilesRecursive(root: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(join(root, prefix), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await listFilesRecursive(root, relative)));
    else if (entry.isFile()) files.push(relative);
  }
  return files;
}

export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * A file the user named, checked before anything reads it: its size, or an error that names it
 * (NOT_FOUND "cannot read FILE: no such file", USAGE "FILE is not a file").
 */
export async function userFileSize(path: string): Promise<number> {
  const info = await stat(path).catch(() => {
    throw new PodiumError('NOT_FOUND', `cannot read ${path}: no such file`, { file: path });
  });
  if (!info.isFile()) throw new PodiumError('USAGE', `${path} is not a file`, { file: path });
  return info.size;
}

/** A text file the user named (a model config, say), read whole; missing or not a file is named. */
export async function readUserFile(path: string): Promise<string> {
  await userFileSize(path);
  return readFile(path, 'utf8');
}
