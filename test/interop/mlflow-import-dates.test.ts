import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { registerPortable } from '../../main/cli/commands/portable.js';
import { sha256Directory } from '../../main/common/files.js';
import type { MlflowImportReport } from '../../main/contract/index.js';
import { DEFAULT_CSV_DIALECT } from '../../main/data/index.js';
import type { Table } from '../../main/data/types.js';
import { datePart } from '../../main/features/date-parts.js';
import { compileRecordCheck, type Preprocessing, refusalMessage } from '../../main/features/index.js';
import { loadPredictor, type Prediction, trainTable } from '../../main/training/index.js';
import { type CommandOutcome, commandOutcome } from '../helpers/in-process-cli.js';
import { storesOf } from '../helpers/stores.js';
import { tempDir, tempWorkspace } from '../helpers/workspace.js';
import { config } from '../training/fixtures.js';
import { dataset, INPUTS } from './onnx-parity.js';

type CliReport = Omit<MlflowImportReport, 'packagePath' | 'evaluatedRows'> & {
  package_path: string;
  evaluated_rows: number;
};

const ROWS = 200;

/**
 * Rows whose numbers are all present. With --data the importer fills a missing number with the
 * file's mean before the graph (its behaviour for every number input, dates aside), where the
 * original fills the training mean: those rows differ for a reason of their own.
 */
function numbersPresent(data: Table): (row: number) => boolean {
  const numbers = data.columns.filter((column) => column.type === 'numeric' && column.name.startsWith('x'));
  return (row) => numbers.every((column) => Number.isFinite((column.values as Float64Array)[row]));
}

/** The table's rows as request records: dates as ISO text, missing cells as null. */
function records(data: Table): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let r = 0; r < data.rowCount; r++) {
    const record: Record<string, unknown> = {};
    for (const column of data.columns) {
      const value = (column.values as ArrayLike<number | string | null>)[r];
      if (column.type === 'date')
        record[column.name] = Number.isFinite(value) ? new Date(value as number).toISOString() : null;
      else if (column.type === 'binary')
        record[column.name] = Number.isFinite(value)
          ? (column as { levels: [string, string] }).levels[value as number]
          : null;
      else if (typeof value === 'number') record[column.name] = Number.isFinite(value) ? value : null;
      else record[column.name] = value;
    }
    rows.push(record);
  }
  return rows;
}

function csv(rows: Record<string, unknown>[]): string {
  const header = Object.keys(rows[0]);
  const cell = (value: unknown) => (value === null ? '' : String(value));
  return `${[header.join(','), ...rows.map((row) => header.map((name) => cell(row[name])).join(','))].join('\n')}\n`;
}

function assertSamePredictions(
  imported: Prediction[],
  original: Prediction[],
  compared: (row: number) => boolean = () => true,
): void {
  assert.equal(imported.length, original.length);
  for (const [i, prediction] of imported.entries()) {
    if (!compared(i)) continue;
    const [p, q] = [Number(original[i].value), Number(prediction.value)];
    // A linear model has no split a float32 input could sit on: every row agrees.
    assert.ok(Math.abs(p - q) <= 1e-4 * Math.max(Math.abs(p), Math.abs(q), 1e-6), `row ${i}: ${p} vs ${q}`);
  }
}

/**
 * A Podium model with a date input, exported as an MLflow model directory and imported back:
 * the imported version takes the date itself (from the export's metadata, or from a data file
 * with the date column) and answers as the original does, a missing date included.
 */
describe('podium import of a Podium MLflow export with a date input', () => {
  const workspace = tempWorkspace();
  const stores = storesOf(workspace);
  const root = workspace.paths.root;
  const dirs = tempDir('podium-mlflow-dates-');
  const exported = join(dirs, 'exported');
  const dataFile = join(dirs, 'churn.csv');
  const packageDir = join(root, 'artifacts', 'churn-1');
  const data = dataset(ROWS, 11, false);
  let original: Prediction[];

  const run = <T>(args: string[]): Promise<CommandOutcome<T>> =>
    commandOutcome<T>([registerPortable], root, args);
  const importVersion = async (args: string[]) => {
    const outcome = await run<CliReport>(['import', ...args]);
    assert.equal(outcome.exitCode, 0, JSON.stringify(outcome.json));
    return outcome.json;
  };
  const predictRecords = async (packagePath: string) => {
    const predictor = await loadPredictor(packagePath);
    try {
      return (await predictor.predictRecords(records(data).map(({ y_number: _y, ...rest }) => rest)))
        .predictions;
    } finally {
      predictor.dispose();
    }
  };

  before(async () => {
    await trainTable(dataset(300, 5, false), {
      config: config(INPUTS, { name: 'y_number', type: 'number' }, { model_type: 'linear' }),
      packageDir,
    });
    const predictor = await loadPredictor(packageDir);
    try {
      // The table path reads a missing date as Podium does (the parts' training means), which
      // is what the exported graph does with NaN parts.
      original = await predictor.predictTable(data);
    } finally {
      predictor.dispose();
    }
    const datasetId = 'd'.repeat(64);
    stores.datasets.record({
      id: datasetId,
      path: join(dirs, 'none.csv'),
      sourceName: 'none.csv',
      bytes: 1,
      profile: { rows: 1, columns: [] },
      dialect: DEFAULT_CSV_DIALECT,
    });
    stores.versions.ensureModel('churn', 'number', 'y_number');
    stores.versions.insert(
      {
        modelName: 'churn',
        version: 1,
        runId: stores.runs.start({ experiment: 'e', name: 'churn v1' }),
        datasetId,
        modelType: 'linear',
        packagePath: packageDir,
        packageSha256: await sha256Directory(packageDir),
        metrics: {},
      },
      { actor: 'test', reason: 'fixture' },
    );
    const { exitCode, json } = await run(['export', 'churn:1', exported, '--format', 'mlflow']);
    assert.equal(exitCode, 0, JSON.stringify(json));
    const rows = records(data);
    writeFileSync(
      dataFile,
      csv(
        rows.map((row) => ({
          ...row,
          // ISO text with the time cut off where it is midnight, as a date column usually holds it.
          signup: typeof row.signup === 'string' ? row.signup.slice(0, 10) : null,
        })),
      ),
    );
  });
  after(() => {
    workspace.cleanup();
    rmSync(dirs, { recursive: true, force: true });
  });

  test('the export names its date fields and their parts in MLmodel metadata', () => {
    const mlmodel = parse(readFileSync(join(exported, 'MLmodel'), 'utf8'));
    const pre = JSON.parse(readFileSync(join(packageDir, 'preprocessing.json'), 'utf8')) as Preprocessing;
    const signup = pre.inputs.find((input) => input.name === 'signup');
    assert.ok(signup?.kind === 'date');
    assert.ok(signup.parts.length > 0);
    assert.deepEqual(mlmodel.metadata.podium_date_fields, { signup: signup.parts.map((p) => p.part) });
  });

  test('imported from the metadata alone: takes the date, answers as the original', async () => {
    const report = await importVersion([exported, '--model', 'churn-meta']);
    const signup = report.inputs.find((input) => input.name === 'signup');
    assert.deepEqual(signup, { name: 'signup', type: 'date' });
    assert.ok(
      !report.inputs.some((input) => input.name.startsWith('signup_')),
      JSON.stringify(report.inputs),
    );
    const imported = await predictRecords(report.package_path);
    assert.ok(
      records(data).some((record) => record.signup === null),
      'some rows leave the date out: NaN parts, as the graph reads a missing date',
    );
    assertSamePredictions(imported, original);
  });

  test('imported with --data: the file sends the date; the version is scored on it', async () => {
    const report = await importVersion([
      exported,
      '--model',
      'churn-data',
      '--data',
      dataFile,
      '--target',
      'y_number',
    ]);
    assert.deepEqual(
      report.inputs.find((input) => input.name === 'signup'),
      { name: 'signup', type: 'date' },
    );
    assert.ok(report.evaluated_rows > 0);
    assert.ok(Object.keys(report.metrics).length > 0, JSON.stringify(report));
    assertSamePredictions(await predictRecords(report.package_path), original, numbersPresent(data));
  });

  test('without the metadata: parts as numbers, unless the data file has the date column', async () => {
    const outside = join(dirs, 'outside');
    cpSync(exported, outside, { recursive: true });
    const file = join(outside, 'MLmodel');
    const mlmodel = parse(readFileSync(file, 'utf8'));
    delete mlmodel.metadata.podium_date_fields;
    writeFileSync(file, stringify(mlmodel));

    const plain = await importVersion([outside, '--model', 'churn-plain']);
    assert.ok(!plain.inputs.some((input) => input.name === 'signup'));
    const parts = (JSON.parse(mlmodel.signature.inputs) as { name: string }[])
      .map((spec) => spec.name)
      .filter((name) => name.startsWith('signup_'));
    assert.ok(parts.length > 0);
    assert.deepEqual(
      plain.inputs.filter((input) => input.name.startsWith('signup_')),
      parts.map((name) => ({ name, type: 'number' })),
    );

    const fromData = await importVersion([
      outside,
      '--model',
      'churn-csv',
      '--data',
      dataFile,
      '--target',
      'y_number',
    ]);
    assert.deepEqual(
      fromData.inputs.find((input) => input.name === 'signup'),
      { name: 'signup', type: 'date' },
    );
    assertSamePredictions(await predictRecords(fromData.package_path), original, numbersPresent(data));
  });

  test('with the metadata, a data file of part columns (no date) keeps the parts as numbers', async () => {
    const pre = JSON.parse(readFileSync(join(packageDir, 'preprocessing.json'), 'utf8')) as Preprocessing;
    const signup = pre.inputs.find((input) => input.name === 'signup');
    assert.ok(signup?.kind === 'date');
    const partsFile = join(dirs, 'parts.csv');
    writeFileSync(
      partsFile,
      csv(
        records(data).map(({ signup: date, ...row }) => ({
          ...row,
          ...Object.fromEntries(
            signup.parts.map(({ part }) => [
              `signup_${part}`,
              typeof date === 'string' ? datePart(Date.parse(date), part) : null,
            ]),
          ),
        })),
      ),
    );
    const report = await importVersion([
      exported,
      '--model',
      'churn-parts',
      '--data',
      partsFile,
      '--target',
      'y_number',
    ]);
    assert.ok(!report.inputs.some((input) => input.name === 'signup'));
    assert.deepEqual(
      report.inputs.filter((input) => input.name.startsWith('signup_')),
      signup.parts.map(({ part }) => ({ name: `signup_${part}`, type: 'number' })),
    );
    assert.ok(Object.keys(report.metrics).length > 0, JSON.stringify(report));
  });

  test('requests (as serving checks them): a missing date is taken as missing, a bad one refused', async () => {
    const report = await importVersion([exported, '--model', 'churn-check']);
    const predictor = await loadPredictor(report.package_path);
    try {
      const check = compileRecordCheck(predictor.preprocessing);
      const [record] = records(data);
      const missing = check.check([{ ...record, signup: null }]);
      assert.equal(missing.refused, null);
      assert.deepEqual(
        missing.missing.filter((entry) => entry.field === 'signup'),
        [{ field: 'signup', record: 0, sent: true }],
      );
      const bad = check.check([{ ...record, signup: 'someday' }]);
      assert.equal(bad.refused?.field, 'signup');
      assert.match(refusalMessage(bad.refused!), /signup.*a date \(ISO 8601\); got "someday"/);
    } finally {
      predictor.dispose();
    }
  });

  test('a classifier comes back with its own class labels, and answers as the original', async () => {
    const classifierDir = join(root, 'artifacts', 'tiers-1');
    await trainTable(dataset(300, 5, false), {
      config: config(INPUTS, { name: 'y_category', type: 'category' }, { model_type: 'linear' }),
      packageDir: classifierDir,
    });
    stores.versions.ensureModel('tiers', 'category', 'y_category');
    stores.versions.insert(
      {
        modelName: 'tiers',
        version: 1,
        runId: stores.runs.start({ experiment: 'e', name: 'tiers v1' }),
        datasetId: 'd'.repeat(64),
        modelType: 'linear',
        packagePath: classifierDir,
        packageSha256: await sha256Directory(classifierDir),
        metrics: {},
      },
      { actor: 'test', reason: 'fixture' },
    );
    const dir = join(dirs, 'tiers-exported');
    assert.equal((await run(['export', 'tiers:1', dir, '--format', 'mlflow'])).exitCode, 0);
    const report = await importVersion([dir, '--model', 'tiers']);
    assert.equal(report.version, 2);
    const scored = async (packagePath: string) => {
      const predictor = await loadPredictor(packagePath);
      try {
        const rows = records(data).map(({ y_category: _y, ...rest }) => rest);
        return (await predictor.predictRecords(rows)).predictions.map((p) => p.value);
      } finally {
        predictor.dispose();
      }
    };
    const [before, after] = [await scored(classifierDir), await scored(report.package_path)];
    assert.deepEqual([...new Set(after)].sort(), [...new Set(before)].sort());
    assert.deepEqual(after, before);
  });
});
