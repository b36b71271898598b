import type { PodiumErrorData } from '../../main/contract/errors.js';

/** Data fetched from the core, with its last error kept beside the last good value. */
export type Remote<T> = { data: T | null; error: PodiumErrorData | null; loading: boolean };

export function idle<T>(): Remote<T> {
  return { data: null, error: null, loading: false };
}

export function loading<T>(previous: Remote<T>): Remote<T> {
  return { data: previous.data, error: null, loading: true };
}

/** A failed refresh keeps the data shown before it, so a view never blanks on a transient error. */
export function settle<T>(previous: Remote<T>, result: { data?: T; error?: PodiumErrorData }): Remote<T> {
  if (result.error !== undefined) return { data: previous.data, error: result.error, loading: false };
  return { data: result.data ?? null, error: null, loading: false };
}
