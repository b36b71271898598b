import { isPodiumError, type PodiumErrorData } from '../contract/errors.js';

/** The run history is local to this workspace: it keeps the real message even of unexpected errors. */
export function errorData(error: unknown): PodiumErrorData {
  if (isPodiumError(error)) return error.toData();
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
