import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createRandom } from '../../main/common/random.js';
import { ingestCsv, tableFromRecords } from '../../main/data/index.js';
import type { DatasetSnapshot } from '../../main/data/types.js';
import {
  generateModelConfig,
  loadPredictor,
  type Predictor,
  trainInProcess,
} from '../../main/training/index.js';
import { RECORD_PATH_MAX_ROWS } from '../../main/training/record-predictor.js';
import type { ModelFamilyName, Prediction, Task } from '../../main/training/types.js';
import { churnCsv } from './fixtures.js';

/**
 * Batch prediction scores a whole table at once (the batch encoder, compiled trees from 512 rows
 * on, one pass of linear dot products, ecd in large tensors) and decodes the outputs as columns.
 * It must give what a service gives for the same rows one small request at a time (the record
 * encoder, trees walked node by node): every family, every task, on rows with unseen labels,
 * missing values and odd dates.
 */
/** The families Podium trains (onnx models are imported, never trained). */
type TrainedFamily = Exclude<ModelFamilyName, 'onnx'>;
const FAMILIES: TrainedFamily[] = ['gbm', 'random_forest', 'linear', 'ecd'];
const TARGETS: [string, Task][] = [
  ['churn', 'binary'],
  ['plan', 'category'],
  ['income', 'number'],
];
const ROWS = 1500;
/** ecd runs in float32 through TensorFlow.js kernels that may sum in another order for another batch shape. */
const TOLERANCE: Record<TrainedFamily, number> = {
  gbm: 1e-9,
  random_forest: 1e-9,
  linear: 1e-9,
  ecd: 1e-5,
};

describe('batch scoring (predictColumns) against the per-record path', () => {
  let dir: string;
  let snapshot: DatasetSnapshot;
  let records: Record<string, unknown>[];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'podium-batch-scoring-'));
    const file = join(dir, 'churn.csv');
    await writeFile(file, churnCsv(600, 5));
    snapshot = await ingestCsv(file, { datasetsDir: join(dir, 'datasets'), target: 'churn' });
    records = oddRecords(await readFile(file, 'utf8'), ROWS);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const family of FAMILIES) {
    for (const [target, task] of TARGETS) {
      test(`${family}, ${task}: the same predictions, within ${TOLERANCE[family]}`, async () => {
        const config = generateModelConfig(snapshot.profile, target, { modelType: family });
        assert.equal(config.output_features[0].type, task);
        if (family === 'ecd') config.trainer.epochs = 2;
        if (family === 'gbm') config.trees = { max_iter: 40 };
        if (family === 'random_forest') config.trees = { n_estimators: 20 };
        const packageDir = join(dir, `${family}-${target}`);
        await trainInProcess({ config, datasetPath: snapshot.path, profile: snapshot.profile, packageDir });
        const predictor = await loadPredictor(packageDir);
        try {
          const table = tableFromRecords(records, {
            rows: records.length,
            columns: predictor.preprocessing.columns,
          });
          const columns = await predictor.predictColumns(table);
          const objects = await predictor.predictTable(table);
          const perRecord: Prediction[] = [];
          for (let start = 0; start < records.length; start += RECORD_PATH_MAX_ROWS) {
            const batch = records.slice(start, start + RECORD_PATH_MAX_ROWS);
            perRecord.push(...(await predictor.predictRecords(batch)).predictions);
          }
          assert.equal(columns.rows, records.length);
          assert.equal(perRecord.length, records.length);
          const worst = compare(columns, objects, perRecord, predictor);
          assert.ok(worst <= TOLERANCE[family], `largest difference ${worst}`);
        } finally {
          predictor.dispose();
        }
      });
    }
  }
});

/**
 * The largest difference between the columns and the per-record predictions; the columns must
 * equal predictTable's objects exactly (one decoding, two shapes).
 */
function compare(
  columns: Awaited<ReturnType<Predictor['predictColumns']>>,
  objects: Prediction[],
  perRecord: Prediction[],
  predictor: Predictor,
): number {
  let worst = 0;
  for (let row = 0; row < columns.rows; row++) {
    const expected = perRecord[row];
    if (columns.task === 'number') {
      assert.equal(columns.values[row], objects[row].value, `row ${row}`);
      worst = Math.max(worst, Math.abs(columns.values[row] - (expected.value as number)));
      continue;
    }
    const label = columns.classes[columns.classIndex[row]];
    assert.equal(label, objects[row].value, `row ${row}`);
    const width = columns.classes.length;
    let gap = 0;
    columns.classes.forEach((name, c) => {
      const probability = columns.probabilities[row * width + c];
      assert.equal(probability, objects[row].probabilities?.[name], `row ${row}, ${name}`);
      gap = Math.max(gap, Math.abs(probability - (expected.probabilities?.[name] ?? Number.NaN)));
    });
    assert.ok(!Number.isNaN(gap), `row ${row}: the per-record path gives every class`);
    worst = Math.max(worst, gap);
    // A tie broken by float32 noise may pick the other class; anything else must agree.
    if (gap === 0) assert.equal(label, expected.value, `row ${row}`);
  }
  assert.equal(predictor.task, columns.task);
  return worst;
}

/** Rows of the file repeated and knocked about: unseen and missing labels, blank numbers, odd dates. */
function oddRecords(csv: string, rows: number): Record<string, unknown>[] {
  const [header, ...lines] = csv.trim().split('\n');
  const names = header.split(',');
  const random = createRandom(31);
  const odd: Record<string, unknown[]> = {
    age: ['', 'NA', '17.5', '200', ' 42 ', -3],
    income: ['', 'null', '1e6', '0', 35_000],
    plan: ['', 'enterprise', 'PLUS', ' pro ', null],
    member: ['', 'maybe', 'YES', 'yes'],
    signup: ['', '2024-02-29', '1970-01-01', '1999-12-31T23:59:59Z', '2023-13-01', 'soon'],
  };
  return Array.from({ length: rows }, (_, i) => {
    const cells = lines[i % lines.length].split(',');
    const record: Record<string, unknown> = Object.fromEntries(names.map((name, c) => [name, cells[c]]));
    for (const [name, values] of Object.entries(odd)) {
      if (random.next() < 0.15) record[name] = values[random.int(values.length)];
    }
    return record;
  });
}
