import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PodiumError } from '../contract/errors.js';
import type { CsvReading } from '../data/index.js';
import { type ParquetInput, type ParquetType, parquetTypeOf } from '../data/parquet/index.js';
import type { ModelVersion } from '../registry/index.js';
import { SIGNATURE_FILE } from '../training/package-files.js';
import type { ModelSignature } from '../training/types.js';
import { MODEL_VERSION_COLUMN, PREDICTION_COLUMN, PROBABILITY_PREFIX } from './prediction-columns.js';

/**
 * The types of a batch prediction written as Parquet: the prediction a number for regression and
 * a label (text) otherwise, the class probabilities numbers, the model version text; the input's
 * columns keep a Parquet input's types, or from a CSV the model's number inputs are numbers and
 * everything else text (a CSV's dates may be in any format).
 */
export async function outputColumnTypes(
  version: ModelVersion,
  parquet: ParquetInput | null,
): Promise<(column: string) => ParquetType> {
  const signature = JSON.parse(
    await readFile(join(version.packagePath, SIGNATURE_FILE), 'utf8'),
  ) as ModelSignature;
  const inputs = new Map<string, ParquetType>(
    parquet === null
      ? signature.inputs.map((input) => [input.name, input.type === 'number' ? 'DOUBLE' : 'VARCHAR'])
      : parquet.columns.map((column) => [column.name, parquetTypeOf(column.type)]),
  );
  const classes = new Set((signature.output.classes ?? []).map((name) => `${PROBABILITY_PREFIX}${name}`));
  return (column) => {
    if (column === PREDICTION_COLUMN) return signature.output.type === 'number' ? 'DOUBLE' : 'VARCHAR';
    if (classes.has(column)) return 'DOUBLE';
    if (column === MODEL_VERSION_COLUMN) return 'VARCHAR';
    return inputs.get(column) ?? 'VARCHAR';
  };
}

/** A Parquet output has no separator or decimal mark to choose: an option for one is refused. */
export function checkNoOutputDialect(output: string, dialect: Partial<CsvReading> | undefined): void {
  if (dialect?.delimiter === undefined && dialect?.decimal === undefined) return;
  throw new PodiumError(
    'USAGE',
    `${output} is written as Parquet: --output-delimiter and --output-decimal are for a CSV output; leave them out`,
    { file: output },
  );
}
