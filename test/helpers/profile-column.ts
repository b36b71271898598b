import type { ColumnProfile } from '../../main/data/types.js';

/** A profiled column of a 100-row dataset: `missing` of its cells blank, `distinct` values. */
export function profileColumn(
  name: string,
  type: ColumnProfile['type'],
  distinct: number,
  missing = 0,
): ColumnProfile {
  return { name, type, count: 100 - missing, missing, distinct };
}
