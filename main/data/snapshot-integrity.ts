import { pathExists, sha256File } from '../common/files.js';

/**
 * A dataset snapshot is named by the SHA-256 of its bytes (`<sha256>.csv`), so its id is the
 * hash it must still have. A row whose id is not such a hash has nothing to be checked against.
 */
export type SnapshotState = 'intact' | 'missing' | 'changed' | 'not-content-named';

const CONTENT_HASH = /^[0-9a-f]{64}$/;

export async function snapshotState(path: string, id: string): Promise<SnapshotState> {
  if (!CONTENT_HASH.test(id)) return 'not-content-named';
  if (!(await pathExists(path))) return 'missing';
  return (await sha256File(path)) === id ? 'intact' : 'changed';
}
