/**
 * Errors cross every boundary (IPC, HTTP, CLI) as plain data: callers branch on `code`,
 * never on message text, and stack traces stay in the log.
 */
export type PodiumErrorCode =
  | 'CONFIG_INVALID'
  | 'CSV_INVALID'
  | 'DATA_INVALID'
  | 'MODEL_CONFIG_INVALID'
  | 'NOT_FOUND'
  | 'CONFLICT'
  /** The actor may not do this (e.g. approve a prod promotion without being a configured approver). */
  | 'FORBIDDEN'
  | 'USAGE'
  | 'TRAINING_FAILED'
  | 'CANCELLED'
  | 'DB_MIGRATION'
  | 'PACKAGE_INVALID'
  | 'ARCHIVE_INVALID'
  /** The core is not there to answer (its process stopped or is restarting); asking again later may work. */
  | 'UNAVAILABLE'
  | 'INTERNAL';

export type PodiumErrorData = {
  code: PodiumErrorCode;
  message: string;
  details?: Record<string, unknown>;
};

export class PodiumError extends Error {
  readonly code: PodiumErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: PodiumErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'PodiumError';
    this.code = code;
    this.details = details;
  }

  toData(): PodiumErrorData {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isPodiumError(error: unknown): error is PodiumError {
  return error instanceof PodiumError;
}

/** Turns anything thrown into boundary-safe data; unknown errors hide their internals. */
export function toErrorData(error: unknown): PodiumErrorData {
  if (error instanceof PodiumError) return error.toData();
  return { code: 'INTERNAL', message: 'Internal error; see the log for details' };
}
