import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { registerData } from '../../main/cli/commands/data.js';
import { registerDrift } from '../../main/cli/commands/drift.js';
import { registerEstimate } from '../../main/cli/commands/estimate.js';
import { registerPredict } from '../../main/cli/commands/predict.js';
import { registerTrain } from '../../main/cli/commands/train.js';
import { commandJson, commandOutcome } from '../helpers/in-process-cli.js';
import { parquetFromCsv, readParquet } from '../helpers/parquet-files.js';
import { tempDir } from '../helpers/workspace.js';

const COMMANDS = [registerData, registerTrain, registerDrift, registerPredict, registerEstimate];

/** Loans whose outcome follows income and plan; `shift` moves incomes for a drifted file. */
function loansCsv(rows: number, shift = 0): string {
  const lines = ['age,income,plan,signup,outcome'];
  for (let i = 0; i < rows; i++) {
    const income = 1000 + ((i * 37) % 400) * 5 + shift;
    const plan = ['basic', 'plus', 'pro'][i % 3];
    const day = String(1 + (i % 28)).padStart(2, '0');
    const repaid = income > 2000 !== (plan === 'pro') || i % 13 === 0;
    lines.push(
      `${20 + (i % 50)},${income}.5,${plan},2024-0${1 + (i % 9)}-${day},${repaid ? 'repaid' : 'default'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** train, drift and predict on Parquet files, as on the same data in CSV. */
describe('models on Parquet files (real DuckDB, real files)', { timeout: 60_000 }, () => {
  let dir: string;
  let workspace: string;
  const podium = <T>(args: string[]) => commandJson<T>(COMMANDS, workspace, args);

  before(async () => {
    dir = tempDir('podium-parquet-models-');
    workspace = join(dir, 'ws');
    writeFileSync(join(dir, 'loans.csv'), loansCsv(400));
    writeFileSync(join(dir, 'later.csv'), loansCsv(200, 900));
    await parquetFromCsv(join(dir, 'loans.csv'), join(dir, 'loans.parquet'));
    await parquetFromCsv(join(dir, 'later.csv'), join(dir, 'later.parquet'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('train from Parquet, drift --data x.parquet, predict Parquet to Parquet equals the CSV output', async () => {
    const trained = await podium<{ model: string; version: number; dataset_id: string }>([
      'train',
      '--data',
      join(dir, 'loans.parquet'),
      '--target',
      'outcome',
      '--model-type',
      'linear',
      '--auto-evaluate',
    ]);
    assert.equal(trained.model, 'loans', 'named after the Parquet file, as after a CSV');
    const shown = await podium<{ source_name: string; rows: number }>(['data', 'show', trained.dataset_id]);
    assert.deepEqual([shown.source_name, shown.rows], ['loans.parquet', 400]);

    const drift = await podium<{ rows: number; source: string; dataset_id: string; report: unknown }>([
      'drift',
      '--model',
      'loans:1',
      '--data',
      join(dir, 'later.parquet'),
    ]);
    assert.equal(drift.rows, 200);
    const checked = await podium<{ source_name: string }>(['data', 'show', drift.dataset_id]);
    assert.equal(checked.source_name, 'later.parquet');
    assert.match(JSON.stringify(drift.report), /"income"/);

    type Prediction = {
      rows: number;
      input: { path: string; sha256: string };
      output: { path: string; sha256: string };
    };
    const viaCsv = await podium<Prediction>([
      'predict',
      '--model',
      'loans:1',
      '--input',
      join(dir, 'later.csv'),
      '--output',
      join(dir, 'out.csv'),
    ]);
    const viaParquet = await podium<Prediction>([
      'predict',
      '--model',
      'loans:1',
      '--input',
      join(dir, 'later.parquet'),
      '--output',
      join(dir, 'out.parquet'),
    ]);
    assert.equal(viaParquet.rows, viaCsv.rows);
    assert.equal(viaParquet.rows, 200);
    // Lineage names the Parquet files themselves, by their own hashes.
    const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
    assert.deepEqual(viaParquet.input, {
      path: join(dir, 'later.parquet'),
      sha256: sha(join(dir, 'later.parquet')),
    });
    assert.deepEqual(viaParquet.output, {
      path: join(dir, 'out.parquet'),
      sha256: sha(join(dir, 'out.parquet')),
    });

    const { types, rows } = await readParquet(join(dir, 'out.parquet'));
    assert.deepEqual(types, {
      age: 'DOUBLE',
      income: 'DOUBLE',
      plan: 'VARCHAR',
      signup: 'DATE',
      outcome: 'VARCHAR',
      prediction: 'VARCHAR',
      probability_default: 'DOUBLE',
      probability_repaid: 'DOUBLE',
      model_version: 'VARCHAR',
    });
    const csvRows = parse(readFileSync(join(dir, 'out.csv')), { columns: true }) as Record<string, string>[];
    assert.equal(rows.length, csvRows.length);
    rows.forEach((row, i) => {
      const expected = csvRows[i];
      assert.equal(row.prediction, expected.prediction, `row ${i + 1}`);
      assert.equal(row.probability_repaid, Number(expected.probability_repaid), `row ${i + 1}`);
      assert.equal(row.probability_default, Number(expected.probability_default), `row ${i + 1}`);
      assert.equal(row.income, Number(expected.income));
      assert.equal(row.plan, expected.plan);
      assert.equal((row.signup as Date).toISOString().slice(0, 10), expected.signup);
      assert.equal(row.model_version, expected.model_version);
    });
  });

  test('estimate --data x.parquet gives the estimate of the same data as CSV', async () => {
    type Estimate = { file: string; rows: number; metrics: { metric: string; estimated: number }[] };
    const viaCsv = await podium<Estimate>(['estimate', '--model', 'loans', '--data', join(dir, 'later.csv')]);
    const viaParquet = await podium<Estimate>([
      'estimate',
      '--model',
      'loans',
      '--data',
      join(dir, 'later.parquet'),
    ]);
    assert.equal(viaParquet.file, join(dir, 'later.parquet'), 'named by the Parquet file, not its CSV');
    assert.equal(viaParquet.rows, 200);
    assert.ok(viaCsv.metrics.length > 0);
    assert.deepEqual(
      viaParquet.metrics.map((m) => [m.metric, m.estimated]),
      viaCsv.metrics.map((m) => [m.metric, m.estimated]),
    );
    const refused = await commandOutcome<{ error: { code: string; message: string } }>(COMMANDS, workspace, [
      'estimate',
      '--model',
      'loans',
      '--data',
      join(dir, 'later.parquet'),
      '--delimiter',
      ';',
    ]);
    assert.notEqual(refused.exitCode, 0);
    assert.equal(refused.json.error.code, 'USAGE');
    assert.match(refused.json.error.message, /later\.parquet is a Parquet file/);
  });
});
