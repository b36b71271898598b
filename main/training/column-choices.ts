import type { ColumnChoice } from '../contract/index.js';
import type { ColumnProfile, DatasetProfile } from '../data/types.js';
import { DATE_PARTS } from '../features/date-parts.js';
import type { ModelConfig } from './types.js';

/**
 * What training decided about each column of the data that is not a plain input: the columns
 * it left out and why, and the date columns it turned into calendar parts. Said in the output
 * of `podium train` and on the Train view, so no column disappears without a word.
 * `features` are the chosen model's encoded feature names (a date's parts are `<date>_<part>`).
 */
export function columnChoices(
  profile: DatasetProfile,
  config: ModelConfig,
  features: readonly string[],
): ColumnChoice[] {
  const target = config.output_features[0]?.name;
  const inputs = new Map(config.input_features.map((input) => [input.name, input]));
  const choices: ColumnChoice[] = [];
  for (const column of profile.columns) {
    if (column.name === target) continue;
    const input = inputs.get(column.name);
    if (input === undefined) {
      choices.push({ column: column.name, choice: 'left_out', reason: leftOutReason(column, profile.rows) });
    } else if (input.type === 'date') {
      const parts = DATE_PARTS.filter((part) => features.includes(`${column.name}_${part}`));
      choices.push({
        column: column.name,
        choice: 'date_parts',
        reason:
          parts.length > 0
            ? `read as ${parts.join(', ')} (parts that never varied in training are left out)`
            : 'no calendar part varied in training, so the date adds nothing',
        parts,
      });
    }
  }
  return choices;
}

function leftOutReason(column: ColumnProfile, rows: number): string {
  const present = rows - column.missing;
  if (present === 0) return 'empty: every value is missing';
  if (column.distinct < 2) return 'constant: one value in every row, no signal';
  if (column.type === 'id') return 'id-like: a key, a different value in (almost) every row';
  if (column.type === 'integer' && column.distinct >= present) {
    return 'id-like: a unique whole number per row, named like an identifier';
  }
  if (column.type === 'text') return 'free text: too many distinct values to learn from';
  return 'not among the model config’s input features';
}
