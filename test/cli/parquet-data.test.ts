import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { registerData } from '../../main/cli/commands/data.js';
import { commandJson, commandOutcome } from '../helpers/in-process-cli.js';
import { parquetFromCsv, parquetFromQuery, readParquet } from '../helpers/parquet-files.js';
import { tempDir } from '../helpers/workspace.js';

type DatasetJson = { id: string; source_name: string; rows: number; profile: unknown };
type Refusal = { error: { code: string; message: string; details?: Record<string, unknown> } };

/** Loans with whole numbers, decimals, a category with blanks, ISO dates and a two-class target (not Yes/No, which DuckDB's own CSV reader would make booleans). */
function loansCsv(rows: number): string {
  const lines = ['age,income,plan,signup,churned'];
  for (let i = 0; i < rows; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const plan = i % 9 === 0 ? '' : ['basic', 'plus', 'pro'][i % 3];
    lines.push(
      `${20 + (i % 50)},${(1000 + i * 13.25).toFixed(2)},${plan},2024-0${1 + (i % 9)}-${day},${i % 4 === 0 ? 'left' : 'stayed'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `podium data add` of Parquet files, `data export`, and the Parquet files it refuses. */
describe('podium data with Parquet (real DuckDB, real files)', { timeout: 60_000 }, () => {
  let dir: string;
  let workspace: string;
  const data = <T>(args: string[]) => commandJson<T>([registerData], workspace, ['data', ...args]);
  const refused = (args: string[]) => commandOutcome<Refusal>([registerData], workspace, ['data', ...args]);
  /** What is in the datasets folder: no snapshot, profile or temporary file may be left by a refusal. */
  const stored = () => readdirSync(join(workspace, 'datasets')).sort();

  before(async () => {
    dir = tempDir('podium-parquet-data-');
    workspace = join(dir, 'ws');
    writeFileSync(join(dir, 'loans.csv'), loansCsv(300));
    await parquetFromCsv(join(dir, 'loans.csv'), join(dir, 'loans.parquet'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('data add of a Parquet file gives the profile and rows of the same data as CSV, under its own name', async () => {
    const fromCsv = await data<DatasetJson>(['add', join(dir, 'loans.csv')]);
    const fromParquet = await data<DatasetJson>(['add', join(dir, 'loans.parquet')]);
    assert.equal(fromParquet.source_name, 'loans.parquet');
    assert.equal(fromParquet.rows, 300);
    assert.deepEqual(fromParquet.profile, fromCsv.profile);
    // Row by row: both snapshots exported as typed Parquet read back equal.
    await data(['export', fromCsv.id, join(dir, 'a.parquet')]);
    await data(['export', fromParquet.id, join(dir, 'b.parquet')]);
    const a = await readParquet(join(dir, 'a.parquet'));
    const b = await readParquet(join(dir, 'b.parquet'));
    assert.deepEqual(b, a);
  });

  test('data export: Parquet typed by the profile round-trips to the same profile; CSV is the snapshot itself', async () => {
    const dataset = await data<DatasetJson>(['add', join(dir, 'loans.csv')]);
    const exported = await data<{ format: string; rows: number; sha256: string }>([
      'export',
      dataset.id.slice(0, 10),
      join(dir, 'round.parquet'),
    ]);
    assert.equal(exported.format, 'parquet');
    assert.equal(exported.rows, 300);
    const { types, rows } = await readParquet(join(dir, 'round.parquet'));
    assert.deepEqual(types, {
      age: 'BIGINT',
      income: 'DOUBLE',
      plan: 'VARCHAR',
      signup: 'DATE',
      churned: 'VARCHAR',
    });
    assert.equal(rows[0].plan, null, 'a blank category is NULL');
    assert.equal(rows[1].income, 1013.25);
    const again = await data<DatasetJson>(['add', join(dir, 'round.parquet')]);
    const original = await data<DatasetJson>(['show', dataset.id]);
    assert.deepEqual(again.profile, original.profile);

    const csv = await data<{ format: string; sha256: string }>(['export', dataset.id, join(dir, 'copy.csv')]);
    assert.equal(csv.format, 'csv');
    assert.equal(csv.sha256, dataset.id, 'the CSV export is the snapshot, byte for byte');
    assert.equal(readFileSync(join(dir, 'copy.csv'), 'utf8'), loansCsv(300));
  });

  test('a truncated Parquet file, a CSV named .parquet and nested columns: DATA_INVALID naming the file (and column), nothing stored', async () => {
    const before = stored();
    const whole = readFileSync(join(dir, 'loans.parquet'));
    writeFileSync(join(dir, 'cut.parquet'), whole.subarray(0, Math.floor(whole.length / 2)));
    writeFileSync(join(dir, 'text.parquet'), loansCsv(5));
    await parquetFromQuery(
      "SELECT range::DOUBLE AS x, [range, 1] AS tags, {'a': range} AS address, (range % 2)::VARCHAR AS y FROM range(20)",
      join(dir, 'nested.parquet'),
    );
    for (const name of ['cut.parquet', 'text.parquet']) {
      const outcome = await refused(['add', join(dir, name)]);
      assert.equal(outcome.exitCode, 1);
      assert.equal(outcome.json.error.code, 'DATA_INVALID');
      assert.match(outcome.json.error.message, new RegExp(`${name}: not a readable Parquet file \\(.+\\)`));
    }
    const nested = await refused(['add', join(dir, 'nested.parquet')]);
    assert.equal(nested.json.error.code, 'DATA_INVALID');
    assert.match(
      nested.json.error.message,
      /nested\.parquet: columns "tags" \(BIGINT\[\]\), "address" \(STRUCT\(a BIGINT\)\)/,
    );
    assert.deepEqual(nested.json.error.details?.columns, ['tags', 'address']);
    const dialect = await refused(['add', join(dir, 'loans.parquet'), '--delimiter', ';']);
    assert.equal(dialect.exitCode, 2);
    assert.match(dialect.json.error.message, /loans\.parquet is a Parquet file: .*--delimiter/);
    assert.deepEqual(stored(), before);
    assert.ok(!stored().some((name) => name.includes('.podium-tmp-')));
  });
});
