import type { FileHandle } from 'node:fs/promises';

/**
 * Every byte of `bytes`, appended at the handle's position: a write may be short at a size limit
 * or a full disk, and only the next one fails (EFBIG, ENOSPC), so a file is never silently cut.
 */
export async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    if (bytesWritten === 0) throw Object.assign(new Error('no room to write the file'), { code: 'ENOSPC' });
    offset += bytesWritten;
  }
}
