import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ingestCsv, loadTable } from '../../main/data/index.js';
import type { Table } from '../../main/data/types.js';
import {
  generateModelConfig,
  loadPredictor,
  splitRows,
  trainModel,
  trainTable,
} from '../../main/training/index.js';
import type { Task } from '../../main/training/types.js';
import { churnCsv, config, SYNTHETIC_INPUTS, syntheticTable } from './fixtures.js';

describe('loadPredictor', () => {
  let dir: string;
  let data: Table;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'podium-predictor-'));
    data = syntheticTable(1500);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const [target, task] of [
    ['y_binary', 'binary'],
    ['y_category', 'category'],
    ['y_number', 'number'],
  ] as [string, Task][]) {
    test(`${task}: the loaded package scores the test rows exactly as training did`, async () => {
      const modelConfig = config(SYNTHETIC_INPUTS, { name: target, type: task }, { model_type: 'linear' });
      const packageDir = join(dir, task);
      const result = await trainTable(data, { config: modelConfig, packageDir });
      const predictor = await loadPredictor(packageDir);
      assert.equal(predictor.task, task);
      assert.equal(predictor.family, 'linear');
      assert.deepEqual(predictor.signature, result.signature);

      const { test: testRows } = splitRows(data, modelConfig.preprocessing.split, modelConfig.seed);
      const score = await predictor.scoreTable(data, testRows);
      assert.deepEqual(score.values, result.metrics.test);
      assert.deepEqual(score.confusion_matrix, result.confusionMatrix);

      const again = await loadPredictor(packageDir);
      assert.deepEqual(
        await again.predictTable(data, testRows),
        await predictor.predictTable(data, testRows),
      );
      const predictions = await predictor.predictTable(data, testRows);
      assert.equal(predictions.length, testRows.length);
      if (task === 'number') {
        assert.equal(typeof predictions[0].value, 'number');
        assert.ok(result.metrics.test.r2 > 0.99, `r2 ${result.metrics.test.r2}`);
      } else {
        const probabilities = predictions[0].probabilities ?? {};
        assert.ok(Math.abs(Object.values(probabilities).reduce((a, b) => a + b, 0) - 1) < 1e-5);
        assert.ok(result.metrics.test.accuracy > 0.7, `accuracy ${result.metrics.test.accuracy}`);
      }
      predictor.dispose();
      again.dispose();
    });
  }

  test('records: same predictions as the table; unseen categories are counted, not fatal', async () => {
    const modelConfig = config(
      SYNTHETIC_INPUTS,
      { name: 'y_binary', type: 'binary' },
      { model_type: 'linear' },
    );
    const packageDir = join(dir, 'records');
    await trainTable(data, { config: modelConfig, packageDir });
    const predictor = await loadPredictor(packageDir);
    const rows = Uint32Array.from([0, 1, 2, 3, 4]);
    const records = [...rows].map((row) =>
      Object.fromEntries(
        SYNTHETIC_INPUTS.map((input) => {
          const column = data.columns.find((c) => c.name === input.name);
          if (!column) throw new Error(input.name);
          const value = column.values[row];
          return [input.name, column.type === 'binary' ? column.levels[value as number] : value];
        }),
      ),
    );
    const fromRecords = await predictor.predictRecords(records);
    const fromTable = await predictor.predictTable(data, rows);
    assert.equal(fromRecords.unseenCategories, 0);
    assert.deepEqual(
      fromRecords.predictions.map((p) => p.value),
      fromTable.map((p) => p.value),
    );
    for (let i = 0; i < rows.length; i++) {
      const a = fromRecords.predictions[i].probabilities?.yes ?? 0;
      const b = fromTable[i].probabilities?.yes ?? 0;
      assert.ok(Math.abs(a - b) < 1e-6);
    }

    const unseen = await predictor.predictRecords([{ ...records[0], color: 'purple' }, { ...records[1] }]);
    assert.equal(unseen.unseenCategories, 1);
    assert.deepEqual(unseen.unseenByFeature, { color: 1 });
    assert.equal(unseen.predictions.length, 2);
  });
});

describe('loadPredictor on a package trained from a CSV', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'podium-predictor-csv-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('records parsed like the CSV (dates, yes/no, numbers as text) predict like the table', async () => {
    await writeFile(join(dir, 'churn.csv'), churnCsv(300, 4));
    const snapshot = await ingestCsv(join(dir, 'churn.csv'), {
      datasetsDir: join(dir, 'datasets'),
      target: 'churn',
    });
    const modelConfig = generateModelConfig(snapshot.profile, 'churn', { modelType: 'linear' });
    const packageDir = join(dir, 'package');
    await trainModel({
      config: modelConfig,
      datasetPath: snapshot.path,
      profile: snapshot.profile,
      packageDir,
    });
    const predictor = await loadPredictor(packageDir);

    const text = await readFile(snapshot.path, 'utf8');
    const [header, ...lines] = text.trim().split('\n');
    const names = header.split(',');
    const records = lines
      .slice(0, 20)
      .map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])));
    const fromRecords = await predictor.predictRecords(records);
    const table = await loadTable(snapshot.path, snapshot.profile, snapshot.dialect);
    const fromTable = await predictor.predictTable(
      table,
      Uint32Array.from({ length: 20 }, (_, i) => i),
    );
    assert.equal(fromRecords.unseenCategories, 0);
    assert.deepEqual(fromRecords.predictions, fromTable);

    const odd = await predictor.predictRecords([
      { age: 40, plan: 'enterprise', member: 'yes', signup: '2023-02-01' },
    ]);
    assert.equal(odd.unseenCategories, 1);
    assert.deepEqual(odd.unseenByFeature, { plan: 1 });
    assert.ok(['yes', 'no'].includes(String(odd.predictions[0].value)));
    predictor.dispose();
  });
});
