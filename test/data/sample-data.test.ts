import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  type Column,
  generateSampleData,
  ingestCsv,
  loadTable,
  type Table,
  writeSampleData,
} from '../../main/data/index.js';
import { withTempDir } from './fixtures.js';

test('same options give the same bytes; another seed or the drift flag gives others', () => {
  const a = generateSampleData({ samples: 500, drift: false, seed: 42 });
  assert.equal(generateSampleData({ samples: 500, drift: false, seed: 42 }), a);
  assert.equal(generateSampleData({ samples: 500, drift: false }), a, 'seed defaults to 42');
  assert.notEqual(generateSampleData({ samples: 500, drift: false, seed: 7 }), a);
  const drift = generateSampleData({ samples: 500, drift: true, seed: 42 });
  assert.notEqual(drift, a);
  assert.equal(generateSampleData({ samples: 500, drift: true, seed: 42 }), drift);
  assert.equal(a.split('\n').length, 502, 'header, 500 rows, final newline');
});

test('bad sample counts are a usage error', () => {
  assert.throws(() => generateSampleData({ samples: 0, drift: false, seed: 1 }), /samples/);
  assert.throws(() => generateSampleData({ samples: 2.5, drift: false, seed: 1 }), /samples/);
});

test('the files profile as a credit-risk table with a plausible target', async () => {
  await withTempDir(async (dir) => {
    const baselinePath = await writeSampleData({ samples: 4000, drift: false, seed: 42, outputDir: dir });
    const driftPath = await writeSampleData({ samples: 4000, drift: true, seed: 42, outputDir: dir });
    assert.equal(baselinePath, join(dir, 'baseline_full.csv'));
    assert.equal(driftPath, join(dir, 'drift_full.csv'));
    assert.equal(
      await readFile(baselinePath, 'utf8'),
      generateSampleData({ samples: 4000, drift: false, seed: 42 }),
    );
    const datasetsDir = join(dir, 'datasets');
    const baseline = await ingestCsv(baselinePath, { datasetsDir, target: 'target' });
    const drift = await ingestCsv(driftPath, { datasetsDir, target: 'target' });
    const types = Object.fromEntries(baseline.profile.columns.map((c) => [c.name, c.type]));
    assert.equal(Object.keys(types).length, 15);
    const numericLike = Object.values(types).filter((t) => t === 'numeric' || t === 'integer');
    assert.ok(numericLike.length >= 9, JSON.stringify(types));
    for (const name of ['home_ownership', 'loan_purpose', 'region']) assert.equal(types[name], 'category');
    assert.equal(types.application_date, 'date');
    assert.equal(types.target, 'binary');
    for (const snapshot of [baseline, drift]) {
      const target = snapshot.profile.columns.find((c) => c.name === 'target');
      const rate = target?.numeric?.mean ?? 0;
      assert.ok(rate >= 0.2 && rate <= 0.4, `positive rate ${rate}`);
      const withMissing = snapshot.profile.columns.filter((c) => c.missing > 0);
      assert.ok(withMissing.length >= 2, 'a few missing values in a couple of columns');
      for (const c of withMissing) assert.ok(c.missing / snapshot.profile.rows < 0.03);
    }
    const date = (p: typeof baseline) => p.profile.columns.find((c) => c.name === 'application_date')?.date;
    assert.equal(date(baseline)?.format, 'YYYY-MM-DD');
    assert.ok((date(drift)?.min ?? '') > (date(baseline)?.max ?? ''), 'drift dates come after the baseline');
  });
});

/**
 * The point of the drift file: a model fitted on the baseline must do clearly worse on
 * drifted data than a model fitted on drifted data. Plain logistic regression by gradient
 * descent on the numeric columns, standardised with the training data's mean and std.
 */
test('a baseline-trained model clearly loses to a drift-trained one on drift data', async () => {
  await withTempDir(async (dir) => {
    const tables: Table[] = [];
    for (const drift of [false, true]) {
      const path = await writeSampleData({ samples: 6000, drift, seed: 42, outputDir: dir });
      const snapshot = await ingestCsv(path, { datasetsDir: join(dir, 'datasets'), target: 'target' });
      tables.push(await loadTable(snapshot.path, snapshot.profile, snapshot.dialect));
    }
    const [baseline, drifted] = tables;
    const features = baseline.columns
      .filter(
        (c) => c.name !== 'target' && (c.type === 'numeric' || c.type === 'integer' || c.type === 'binary'),
      )
      .map((c) => c.name);
    assert.ok(features.length >= 9);
    const half = 3000;
    const driftTrain = range(0, half);
    const driftHoldout = range(half, drifted.rowCount);
    const baselineModel = fitLogistic(baseline, features, range(0, baseline.rowCount));
    const driftModel = fitLogistic(drifted, features, driftTrain);
    const baselineAuc = auc(drifted, driftHoldout, baselineModel);
    const driftAuc = auc(drifted, driftHoldout, driftModel);
    const baselineOwnAuc = auc(baseline, range(0, baseline.rowCount), baselineModel);
    assert.ok(baselineOwnAuc > 0.7, `baseline model fits its own data (AUC ${baselineOwnAuc.toFixed(3)})`);
    assert.ok(
      driftAuc - baselineAuc >= 0.05,
      `drift-trained AUC ${driftAuc.toFixed(3)} vs baseline-trained ${baselineAuc.toFixed(3)} on the drift holdout`,
    );
  });
});

type Model = { features: string[]; mean: number[]; std: number[]; weights: Float64Array };

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i);
}

function numbersOf(table: Table, name: string): Float64Array {
  const column = table.columns.find((c: Column) => c.name === name);
  assert.ok(column && column.values instanceof Float64Array, name);
  return column.values;
}

function design(table: Table, model: Omit<Model, 'weights'>, rows: number[]): number[][] {
  const columns = model.features.map((name) => numbersOf(table, name));
  return rows.map((row) =>
    columns.map((values, j) => {
      const value = Number.isNaN(values[row]) ? model.mean[j] : values[row];
      return (value - model.mean[j]) / model.std[j];
    }),
  );
}

function fitLogistic(table: Table, features: string[], rows: number[]): Model {
  const mean: number[] = [];
  const std: number[] = [];
  for (const name of features) {
    const values = rows.map((row) => numbersOf(table, name)[row]).filter((v) => !Number.isNaN(v));
    const m = values.reduce((sum, v) => sum + v, 0) / values.length;
    mean.push(m);
    std.push(Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / values.length) || 1);
  }
  const x = design(table, { features, mean, std }, rows);
  const target = numbersOf(table, 'target');
  const width = features.length;
  const weights = new Float64Array(width + 1);
  for (let epoch = 0; epoch < 300; epoch++) {
    const gradient = new Float64Array(width + 1);
    x.forEach((features, i) => {
      const error = sigmoid(score(features, weights)) - target[rows[i]];
      for (let j = 0; j < width; j++) gradient[j] += error * features[j];
      gradient[width] += error;
    });
    for (let j = 0; j <= width; j++) weights[j] -= (0.5 * gradient[j]) / x.length;
  }
  return { features, mean, std, weights };
}

function score(features: number[], weights: Float64Array): number {
  let z = weights[features.length];
  for (let j = 0; j < features.length; j++) z += weights[j] * features[j];
  return z;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Rank-based AUC (Mann–Whitney). */
function auc(table: Table, rows: number[], model: Model): number {
  const x = design(table, model, rows);
  const target = numbersOf(table, 'target');
  const scored = x.map((features, i) => ({ score: score(features, model.weights), label: target[rows[i]] }));
  scored.sort((a, b) => a.score - b.score);
  let positives = 0;
  let rankSum = 0;
  scored.forEach((entry, i) => {
    if (entry.label === 1) {
      positives++;
      rankSum += i + 1;
    }
  });
  const negatives = scored.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
