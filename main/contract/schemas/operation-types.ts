import type { z } from 'zod';

/** What an area's schema table holds for each operation. */
export type SchemaPair = { input: z.ZodType; output: z.ZodType };

/**
 * An area's operations as types, from its schema table (the one definition): each operation's
 * input and output are what its schemas parse to. Doc comments on the table's entries carry over.
 */
export type OperationsOf<T extends Record<string, SchemaPair>> = {
  [K in keyof T]: { input: z.output<T[K]['input']>; output: z.output<T[K]['output']> };
};
