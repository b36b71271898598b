import type { z } from 'zod';
import type { JsonValue } from './common.js';
import type { PodiumErrorCodeSchema, PodiumErrorDataSchema } from './schemas/common.js';

/**
 * Errors cross every boundary (IPC, HTTP, CLI) as plain data: callers branch on `code`,
 * never on message text, and stack traces stay in the log.
 */
export type PodiumErrorCode = z.infer<typeof PodiumErrorCodeSchema>;
export type PodiumErrorData = z.infer<typeof PodiumErrorDataSchema>;

/** JSON in which a field may be undefined (not known here): left out, as JSON leaves it out. */
type DetailValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | DetailValue[]
  | { [field: string]: DetailValue };

/** What a refusal names beside its message, as JSON (undefined fields are left out). */
export type ErrorDetails = { [field: string]: DetailValue };

export class PodiumError extends Error {
  readonly code: PodiumErrorCode;
  readonly details: Record<string, JsonValue> | undefined;

  constructor(code: PodiumErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.name = 'PodiumError';
    this.code = code;
    this.details = details === undefined ? undefined : definedFields(details);
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

function definedFields(object: { [field: string]: DetailValue }): { [field: string]: JsonValue } {
  const defined: { [field: string]: JsonValue } = {};
  for (const [field, value] of Object.entries(object)) if (value !== undefined) defined[field] = json(value);
  return defined;
}

function json(value: Exclude<DetailValue, undefined>): JsonValue {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : json(item)));
  // JSON has no NaN or Infinity (JSON.stringify would print null): name them instead.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value !== null && typeof value === 'object' ? definedFields(value) : value;
}
