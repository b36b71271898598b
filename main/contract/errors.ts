import type { z } from 'zod';
import type { PodiumErrorCodeSchema, PodiumErrorDataSchema } from './schemas/common.js';

/**
 * Errors cross every boundary (IPC, HTTP, CLI) as plain data: callers branch on `code`,
 * never on message text, and stack traces stay in the log.
 */
export type PodiumErrorCode = z.infer<typeof PodiumErrorCodeSchema>;
export type PodiumErrorData = z.infer<typeof PodiumErrorDataSchema>;

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
