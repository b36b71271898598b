import { PodiumError } from '../contract/errors.js';

/** File-system refusals that mean "no room": a full disk, a quota, a file-size limit (`ulimit -f`). */
const NO_ROOM: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file is larger than this system allows (a file-size limit)',
};

/** Whether `error` is a write refused for room (see NO_ROOM). */
export function isNoRoom(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && code in NO_ROOM;
}

/**
 * A write refused for room, as a STORAGE_FULL error naming the file being written and what it
 * was for; anything else is returned as it was.
 */
export function asStorageFull(error: unknown, file: string, writing: string): unknown {
  if (!isNoRoom(error)) return error;
  const why = NO_ROOM[error.code as string];
  return new PodiumError(
    'STORAGE_FULL',
    `Could not write ${file} (${writing}): ${why}; nothing was kept. Free some space and try again.`,
    { file, reason: error.code },
  );
}
