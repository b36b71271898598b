import { isMissingToken } from '../data/index.js';
import type { ModelSignature } from '../training/types.js';

/**
 * How a prediction record may name its fields. A model's inputs are named after the CSV's
 * columns (`Fuel_Price`, `CPI`, `storeId`); callers of a prediction API usually write
 * snake_case (`fuel_price`, `cpi`, `store_id`). Both are accepted: the exact column name wins,
 * the snake_case alias is copied under it. A date input whose model config says
 * `default: request_time` may be left out (or null, or blank) and is then the day of the
 * request (for a forecast, "this week"); any other date must be sent.
 */
export type RecordFields = {
  /** The snake_case alias of an input, when it differs from the input's own name. */
  aliasOf(input: string): string | undefined;
  /** Date inputs a record may leave out: those whose config defaults them to the request time. */
  readonly optionalDates: readonly string[];
  /** Copies aliased values under the inputs' own names and fills missing optional dates, in place. */
  canonicalize(record: Record<string, unknown>, at: Date): Record<string, unknown>;
};

export function recordFields(signature: Pick<ModelSignature, 'inputs'>): RecordFields {
  const aliases = new Map<string, string>();
  for (const input of signature.inputs) {
    const alias = snakeCase(input.name);
    if (alias !== input.name) aliases.set(input.name, alias);
  }
  // An alias equal to another input's own name would be ambiguous; that input keeps its name.
  for (const input of signature.inputs) {
    for (const [name, alias] of aliases)
      if (alias === input.name && name !== input.name) aliases.delete(name);
  }
  const aliased = [...aliases];
  const optionalDates = signature.inputs
    .filter((input) => input.type === 'date' && input.default === 'request_time')
    .map((input) => input.name);
  return {
    aliasOf: (input) => aliases.get(input),
    optionalDates,
    canonicalize(record, at) {
      for (const [name, alias] of aliased) {
        if (record[name] === undefined && Object.hasOwn(record, alias)) record[name] = record[alias];
      }
      for (const name of optionalDates) {
        if (isMissingValue(record[name])) record[name] = at.toISOString().slice(0, 10);
      }
      return record;
    },
  };
}

/** `Fuel_Price` → `fuel_price`, `CPI` → `cpi`, `storeId` → `store_id`, `Weekly Sales` → `weekly_sales`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

/** Missing as a CSV cell would be: absent, null, blank or a missing token ("NA", "null", …). */
export function isMissingValue(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && isMissingToken(value.trim()));
}
