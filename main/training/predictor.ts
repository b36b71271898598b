import { join } from 'node:path';
import { PodiumError } from '../contract/errors.js';
import { tableFromRecords } from '../data/index.js';
import type { Table } from '../data/types.js';
import {
  type DecodedColumns,
  decodeColumns,
  decodePrediction,
  encode,
  fromJSON,
  type Preprocessing,
  rowsWithValue,
} from '../features/index.js';
import { scoreEncoded } from './evaluate.js';
import { familyFor } from './families.js';
import { readModelFamily, readPackageJson } from './model-family-file.js';
import { MODEL_DIR, PREPROCESSING_FILE, SIGNATURE_FILE } from './package-dir.js';
import { compileRecordPath, type RecordPath } from './record-predictor.js';
import type { FittedModel, MetricSet, ModelFamilyName, ModelSignature, Prediction, Task } from './types.js';

export type Predictor = {
  readonly family: ModelFamilyName;
  readonly backend: string;
  readonly task: Task;
  readonly signature: ModelSignature;
  readonly preprocessing: Preprocessing;
  /** Predictions for `rows` of a table (all rows by default), in row order. */
  predictTable(table: Table, rows?: Uint32Array): Promise<Prediction[]>;
  /** The same predictions as columns: how batch prediction scores a million rows without an object per row. */
  predictColumns(table: Table, rows?: Uint32Array): Promise<DecodedColumns>;
  /**
   * Predictions for records as a service receives them, parsed the way the training data was.
   * Category values the model never saw are encoded as unknown and counted, never rejected.
   */
  predictRecords(records: Record<string, unknown>[]): Promise<{
    predictions: Prediction[];
    unseenCategories: number;
    unseenByFeature: Record<string, number>;
  }>;
  /**
   * Metrics on `rows` of a labelled table (rows without a target are skipped): how a champion
   * and a challenger are compared on one holdout.
   */
  scoreTable(table: Table, rows?: Uint32Array): Promise<MetricSet>;
  /** Frees the model's native memory, if any. */
  dispose(): void;
};

/** Loads a model package written by the trainer. */
export async function loadPredictor(packageDir: string): Promise<Predictor> {
  const pre = fromJSON(
    await readPackageJson(join(packageDir, PREPROCESSING_FILE)),
    join(packageDir, PREPROCESSING_FILE),
  );
  const signature = (await readPackageJson(join(packageDir, SIGNATURE_FILE))) as ModelSignature;
  const info = await readModelFamily(packageDir);
  const family = await familyFor(info.family);
  const model: FittedModel = await family.load(join(packageDir, MODEL_DIR), {
    task: info.task,
    ...(info.classes ? { classes: info.classes } : {}),
  });
  return createPredictor(pre, signature, model);
}

function createPredictor(pre: Preprocessing, signature: ModelSignature, model: FittedModel): Predictor {
  const predictEncoded = async (table: Table, rows: Uint32Array | undefined) => {
    const encoded = encode(pre, table, rows);
    const raw = await model.predictRaw(encoded.x);
    return { predictions: decodePrediction(pre, raw, encoded.x.rows), encoded };
  };
  // Compiled on first use, so loading a package for batch scoring or metrics never pays for it.
  let recordPath: RecordPath | null | undefined;
  return {
    family: model.family,
    backend: model.backend,
    task: pre.target.task,
    signature,
    preprocessing: pre,
    async predictTable(table, rows) {
      return (await predictEncoded(table, rows)).predictions;
    },
    async predictColumns(table, rows) {
      const encoded = encode(pre, table, rows);
      return decodeColumns(pre, await model.predictRaw(encoded.x), encoded.x.rows);
    },
    async predictRecords(records) {
      if (
        !Array.isArray(records) ||
        records.some((record) => record === null || typeof record !== 'object')
      ) {
        throw new PodiumError('DATA_INVALID', 'Prediction input must be a list of records (objects)');
      }
      if (recordPath === undefined) recordPath = compileRecordPath(pre, model);
      if (recordPath?.accepts(records)) return recordPath.predict(records);
      const table = tableFromRecords(records, { rows: records.length, columns: pre.columns });
      const { predictions, encoded } = await predictEncoded(table, undefined);
      return {
        predictions,
        unseenCategories: encoded.unseenCategories,
        unseenByFeature: encoded.unseenByFeature,
      };
    },
    async scoreTable(table, rows) {
      const all = rows ?? Uint32Array.from({ length: table.rowCount }, (_, i) => i);
      const labelled = rowsWithValue(table, pre.target.name, all);
      return scoreEncoded(pre, model, encode(pre, table, labelled));
    },
    dispose() {
      model.dispose();
    },
  };
}
