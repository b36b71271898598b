import { PodiumError } from '../contract/errors.js';

/**
 * Runs the checks of a restore (or an undo), which change nothing, so that every refusal ends by
 * saying nothing was restored and how to retry. A refusal that already names its own way
 * forward (details.retry, as the environment check's `podium release`) is left as it is; a
 * system error (a full disk while unpacking) is named rather than reported as internal.
 */
export async function withRetry<T>(retry: string, checks: () => Promise<T>): Promise<T> {
  try {
    return await checks();
  } catch (error) {
    if (error instanceof PodiumError) {
      if (error.details?.retry !== undefined) throw error;
      throw new PodiumError(error.code, `${error.message}; nothing was restored. ${retry}`, {
        ...error.details,
        retry,
      });
    }
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (typeof code === 'string')
      throw new PodiumError(
        'CONFLICT',
        `Restore stopped before it changed anything (${(error as Error).message}); nothing was restored. ${retry}`,
        { reason: (error as Error).message, retry },
      );
    throw error;
  }
}
