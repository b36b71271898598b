import type { DatasetProfile } from '../../data/types.js';
import type { ModelSignature } from '../../training/types.js';
import { type CellKind, cellKindOf } from '../data-quality/index.js';

/**
 * What a column of the training data was, as far as drift is concerned: `empty` (no value at
 * all), `constant` (one value), `id` (a key: a different value in every row, left out of the
 * model), or an ordinary `value` column. Each is compared with the current data in its own way.
 */
export type TrainingColumnRole = 'empty' | 'constant' | 'id' | 'value';

export type TrainingColumn = {
  name: string;
  kind: CellKind;
  role: TrainingColumnRole;
  usedByModel: boolean;
  /** Training rows with a value, and how many distinct values they held. */
  present: number;
  distinct: number;
};

/** Every column of the training data but the target, in the data's order (the same rules as column-choices.ts). */
export function trainingColumns(profile: DatasetProfile, signature: ModelSignature): TrainingColumn[] {
  const inputs = new Set(signature.inputs.map((input) => input.name));
  return profile.columns
    .filter((column) => column.name !== signature.output.name)
    .map((column) => {
      const usedByModel = inputs.has(column.name);
      const present = profile.rows - column.missing;
      const idLike =
        !usedByModel &&
        present > 1 &&
        (column.type === 'id' || (column.type === 'integer' && column.distinct >= present));
      const role: TrainingColumnRole =
        present === 0 ? 'empty' : column.distinct < 2 ? 'constant' : idLike ? 'id' : 'value';
      return {
        name: column.name,
        kind: cellKindOf(column),
        role,
        usedByModel,
        present,
        distinct: column.distinct,
      };
    });
}
