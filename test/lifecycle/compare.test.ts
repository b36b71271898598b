import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { podium, podiumJson } from '../helpers/cli.js';
import { tempDir } from '../helpers/workspace.js';

const WALMART = fileURLToPath(new URL('../../../data/walmart.csv', import.meta.url));

type Comparison = {
  model_name: string;
  primary_metric: string;
  models: {
    model: string;
    model_type: string;
    train_r2: number | null;
    val_r2: number | null;
    features: number;
    seconds: number;
    status: 'registered' | 'trained' | 'failed';
    feature_selection?: { dropped: { name: string; vif: number | null }[]; kept: { name: string }[] };
  }[];
  registered_version: number;
  registered_stage: string;
  decision: { outcome: string } | null;
};

describe('podium compare on the Walmart weekly sales', () => {
  let dir = '';
  let first: Comparison;
  const compareWalmart = (...extra: string[]) =>
    podiumJson<Comparison>(
      [
        '--workspace',
        join(dir, 'ws'),
        'compare',
        '--data',
        WALMART,
        '--target',
        'Weekly_Sales',
        '--model',
        'walmart',
        ...extra,
      ],
      { cwd: dir },
    );
  before(() => {
    dir = tempDir('podium-compare-');
    first = compareWalmart();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('trains the five models on the time-ordered 80/20 split and meets the seed’s goals', () => {
    assert.deepEqual(
      first.models.map((m) => m.model),
      ['linear regression', 'elastic net', 'random forest', 'gbm', 'ecd'],
    );
    assert.equal(first.primary_metric, 'r2');
    for (const model of first.models) {
      assert.equal(model.status === 'failed', false, `${model.model} failed`);
      assert.ok(Number.isFinite(model.train_r2) && Number.isFinite(model.val_r2), model.model);
      assert.ok(model.features > 0);
    }
    const linear = first.models[0];
    // The seed reports 0.9431 for linear regression on this split.
    assert.ok((linear.val_r2 ?? 0) >= 0.94, `linear regression validation R² ${linear.val_r2}`);
    const best = Math.max(...first.models.map((m) => m.val_r2 ?? Number.NEGATIVE_INFINITY));
    // scikit-learn's HistGradientBoosting reaches 0.967 on this data and split.
    assert.ok(best >= 0.97, `best validation R² ${best}`);
    const seconds = first.models.reduce((sum, m) => sum + m.seconds, 0);
    // A generous bound against a pathological slowdown only: the speed itself is measured by
    // `npm run bench` (these machines are shared; a test on 30 s failed at 31.6 s under load).
    assert.ok(seconds <= 120, `all five trained in ${seconds.toFixed(1)} s`);
  });

  test('the linear models see VIF-selected features, with what was dropped and why', () => {
    const [linear, elasticNet, forest] = first.models;
    const dropped = linear.feature_selection?.dropped.map((entry) => entry.name) ?? [];
    // Weekly rows: day of year moves with week of year, month nearly so.
    assert.ok(dropped.includes('Date_day_of_year'), dropped.join(', '));
    for (const entry of linear.feature_selection?.dropped ?? [])
      assert.ok(entry.vif === null || entry.vif > 10);
    assert.deepEqual(elasticNet.feature_selection?.dropped, linear.feature_selection?.dropped);
    assert.equal(forest.feature_selection, undefined);
    assert.ok(forest.features > linear.features);
  });

  test('registers the best as the first champion, then as a challenger', () => {
    const best = first.models.reduce((a, b) => ((b.val_r2 ?? -1) > (a.val_r2 ?? -1) ? b : a));
    assert.equal(best.status, 'registered');
    assert.equal(first.models.filter((m) => m.status === 'registered').length, 1);
    assert.equal(first.registered_version, 1);
    assert.equal(first.registered_stage, 'champion');
    assert.equal(first.decision?.outcome, 'promote');

    const second = compareWalmart('--split', 'random');
    assert.equal(second.registered_version, 2);
    assert.equal(second.registered_stage, 'challenger');
    assert.equal(second.decision, null);
    const models = podium(['--workspace', join(dir, 'ws'), 'models', '--model', 'walmart'], { cwd: dir });
    assert.equal(models.status, 0, models.stderr);
    assert.match(models.stdout, /challenger/);
  });

  test('a date column with a cell that is not a date gets an error naming the value', () => {
    const lines = readFileSync(WALMART, 'utf8').split('\n').slice(0, 400);
    lines[10] = lines[10].replace(/,\d{2}-\d{2}-\d{4},/, ',31-13-2010,');
    const file = join(dir, 'bad-date.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const result = podium(
      ['--workspace', join(dir, 'ws-bad'), 'compare', '--data', file, '--target', 'Weekly_Sales'],
      { cwd: dir },
    );
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      /"Date" holds dates \(DD-MM-YYYY\) but 1 value does not parse as one: "31-13-2010"/,
    );
    assert.match(result.stderr, /split at random/);
    // Giving the format names the cell too, before anything is trained.
    const given = podium(
      [
        '--workspace',
        join(dir, 'ws-bad'),
        'compare',
        '--data',
        file,
        '--target',
        'Weekly_Sales',
        '--date-format',
        'Date=DD-MM-YYYY',
      ],
      { cwd: dir },
    );
    assert.equal(given.status, 1);
    assert.match(
      given.stderr,
      /column "Date" was given the date format DD-MM-YYYY, but 1 value does not parse in it: "31-13-2010"/,
    );
    const misspelt = podium(
      ['--workspace', join(dir, 'ws-bad'), 'compare', '--data', file, '--date-format', 'Date=DD/MM/YY'],
      { cwd: dir },
    );
    assert.equal(misspelt.status, 2);
    assert.match(misspelt.stderr, /"DD\/MM\/YY" is not a date format; one of YYYY-MM-DD/);
  });

  test('missing values are imputed (numbers) or unknown (categories), not fatal', () => {
    const lines = readFileSync(WALMART, 'utf8').split('\n').slice(0, 600);
    lines[5] = lines[5].replace(/,[^,]*$/, ','); // Unemployment blank
    lines[7] = lines[7].replace(/^\d+,/, ','); // Store blank
    const file = join(dir, 'missing.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const result = podiumJson<Comparison>(
      ['--workspace', join(dir, 'ws-missing'), 'compare', '--data', file, '--target', 'Weekly_Sales'],
      { cwd: dir },
    );
    for (const model of result.models) {
      assert.ok(
        (model.val_r2 ?? 0) > 0.5,
        `${model.model} validation R² ${model.val_r2} with two blank cells`,
      );
    }
  });
});
