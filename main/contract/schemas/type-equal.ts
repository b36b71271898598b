/**
 * Type-level proof that a schema and the hand-written contract type describe the same data. The
 * conditional-type form is exact: it tells `{a?: string}` from `{a: string | undefined}` and a
 * `readonly` field from a mutable one, which mutual assignability would not.
 */
import type { z } from 'zod';
import type { JsonValue } from '../common.js';

export type Equal<A, B> =
  (<T>() => T extends Plain<A> ? 1 : 2) extends <T>() => T extends Plain<B> ? 1 : 2 ? true : false;

/**
 * The same type with every intersection flattened (`DatasetSummary & { profile }` is one object to
 * zod), so the comparison sees fields, not how the type was written.
 */
type Plain<T> =
  IsJson<T> extends true
    ? T
    : T extends readonly unknown[]
      ? { [K in keyof T]: Plain<T[K]> }
      : T extends object
        ? { [K in keyof T]: Plain<T[K]> }
        : T;

/** Fails to compile unless `T` is `true`: one `Assert<Equal<…>>` per type, listed in a tuple. */
export type Assert<T extends true> = T;

/** JSON values are recursive: flattening them would not end, and they hold no intersections. */
type IsJson<T> = [T] extends [JsonValue] ? ([JsonValue] extends [T] ? true : false) : false;

export type SchemaPair = { input: z.ZodType; output: z.ZodType };

/** The operations whose input or output schema infers another type than the contract's. */
type Mismatched<Ops, S> = {
  [K in keyof Ops]: K extends keyof S
    ? S[K] extends SchemaPair
      ? Ops[K] extends { input: infer I; output: infer O }
        ? Equal<z.infer<S[K]['input']>, I> extends true
          ? Equal<z.infer<S[K]['output']>, O> extends true
            ? never
            : K
          : K
        : K
      : K
    : K;
}[keyof Ops];

/** The compiler error names the mismatched operation: `Type '"data.ingest"' does not satisfy 'never'`. */
export type NoneOf<K extends never> = K extends never ? true : false;

/**
 * One area's schema table against its `…Operations` type: the operations whose schemas infer other
 * types than the contract's, and the schema names the contract lacks. Use as `NoneOf<Mismatches<…>>`.
 */
export type OperationMismatches<Ops, S> = Mismatched<Ops, S> | Exclude<keyof S, keyof Ops>;
