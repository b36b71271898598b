import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPodiumError, type PodiumError } from '../../main/contract/errors.js';

/** Runs `body` with a fresh temporary folder and always removes it afterwards. */
export async function withTempDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'podium-data-test-'));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function writeCsv(dir: string, name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/** Files in `dir` (none if it does not exist). */
export async function filesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/** Awaits a rejection and returns it as a PodiumError with the expected code. */
export async function rejection(promise: Promise<unknown>, code: string): Promise<PodiumError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isPodiumError(error), `expected a PodiumError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail('expected the promise to reject');
}

export function column<T extends { name: string }>(columns: T[], name: string): T {
  const found = columns.find((candidate) => candidate.name === name);
  assert.ok(found, `column ${name} not found`);
  return found;
}
