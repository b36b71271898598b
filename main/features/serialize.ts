import { z } from 'zod';
import { PodiumError } from '../contract/errors.js';
import type { ColumnProfile } from '../data/types.js';
import type { Preprocessing } from './types.js';

/**
 * `preprocessing.json` in a model package. Reading validates the shape, because a package may
 * come from another machine or an older Podium; a bad file is PACKAGE_INVALID, not a crash later.
 */
const finite = z.number().refine(Number.isFinite, 'a finite number');
const label = z.string();

const inputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('number'), name: z.string(), fill: finite, center: finite, scale: finite }),
  z.object({
    kind: z.literal('binary'),
    name: z.string(),
    levels: z.tuple([label, label]),
    fill: z.union([z.literal(0), z.literal(1)]),
  }),
  z.object({
    kind: z.literal('date'),
    name: z.string(),
    parts: z.array(
      z.object({
        part: z.enum(['year', 'month', 'week_of_year', 'day_of_week', 'day_of_year']),
        mean: finite,
        std: finite,
      }),
    ),
    default: z.literal('request_time').optional(),
    missing: z.literal('nan').optional(),
  }),
  z.object({ kind: z.literal('category'), name: z.string(), vocabulary: z.array(label) }),
]);

const targetSchema = z.union([
  z.object({ name: z.string(), task: z.enum(['binary', 'category']), classes: z.array(label).min(2) }),
  z.object({ name: z.string(), task: z.literal('number'), mean: finite, std: finite }),
]);

const columnProfileSchema = z.custom<ColumnProfile>(
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { name?: unknown }).name === 'string' &&
    typeof (value as { type?: unknown }).type === 'string',
  'a column profile with name and type',
);

const preprocessingSchema = z.object({
  format: z.literal('podium-preprocessing'),
  version: z.literal(1),
  inputs: z.array(inputSchema),
  target: targetSchema,
  columns: z.array(columnProfileSchema),
  fittedRows: z.number().int().nonnegative(),
  selection: z
    .object({
      method: z.literal('vif'),
      threshold: finite,
      dropped: z.array(
        z.object({ name: z.string(), vif: finite.nullable(), reason: z.enum(['constant', 'vif']) }),
      ),
      kept: z.array(z.object({ name: z.string(), vif: finite.nullable() })),
    })
    .optional(),
});

/** A JSON-ready copy (no shared references with the live object). */
export function toJSON(pre: Preprocessing): Preprocessing {
  return JSON.parse(JSON.stringify(pre)) as Preprocessing;
}

export function fromJSON(value: unknown, source = 'preprocessing.json'): Preprocessing {
  const result = preprocessingSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path.map(String).join('.');
    throw new PodiumError('PACKAGE_INVALID', `${source}: ${path || '(top level)'}: ${issue.message}`, {
      file: source,
      key: path,
    });
  }
  return result.data;
}
