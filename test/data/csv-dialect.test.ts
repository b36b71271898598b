import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { DatasetStore } from '../../main/data/dataset-store.js';
import {
  ingestCsv,
  loadTable,
  parseDecimalComma,
  sampleDialect,
  sampleDialectOfText,
  sampledDateFormats,
} from '../../main/data/index.js';
import { tempWorkspace } from '../helpers/workspace.js';
import { column, europeanCsv, filesIn, rejection, withTempDir, writeCsv } from './fixtures.js';

test('a decimal comma reads 3,5 and 1.234,56; a dot only groups thousands', () => {
  assert.equal(parseDecimalComma('3,5'), 3.5);
  assert.equal(parseDecimalComma('-0,25'), -0.25);
  assert.equal(parseDecimalComma('1.234,56'), 1234.56);
  assert.equal(parseDecimalComma('12.345.678'), 12_345_678);
  assert.equal(parseDecimalComma('42'), 42);
  assert.ok(Number.isNaN(parseDecimalComma('3.5')));
  assert.ok(Number.isNaN(parseDecimalComma('1,2,3')));
  assert.ok(Number.isNaN(parseDecimalComma('12.34,5')));
  assert.ok(Number.isNaN(parseDecimalComma('')));
});

test('a European export is detected and read: separator, decimal comma, DD.MM.YYYY dates', async () => {
  await withTempDir(async (dir) => {
    const file = await writeCsv(dir, 'churn-eu.csv', europeanCsv(60));
    const sampled = await sampleDialect(file);
    assert.equal(sampled.delimiter, ';');
    assert.equal(sampled.decimal, ',');
    assert.deepEqual(sampledDateFormats(sampled, file, {}), { signup: 'DD.MM.YYYY' });

    const snapshot = await ingestCsv(file, { datasetsDir: join(dir, 'datasets'), target: 'churn' });
    assert.deepEqual(snapshot.dialect, {
      delimiter: ';',
      decimal: ',',
      dateFormats: { signup: 'DD.MM.YYYY' },
    });
    const columns = snapshot.profile.columns;
    assert.equal(column(columns, 'customer_id').type, 'id');
    assert.equal(column(columns, 'income').type, 'numeric');
    assert.equal(column(columns, 'score').type, 'numeric');
    assert.equal(column(columns, 'plan').type, 'category');
    assert.equal(column(columns, 'plan').missing, 3);
    assert.equal(column(columns, 'signup').type, 'date');

    const table = await loadTable(snapshot.path, snapshot.profile, snapshot.dialect);
    const [first] = europeanCsv(1).split('\n').slice(1);
    const cells = first.split(';');
    const values = (name: string) => table.columns.find((c) => c.name === name)!.values;
    assert.equal(values('income')[0], parseDecimalComma(cells[3]));
    assert.ok((values('income')[0] as number) > 1000, `${cells[3]} is thousands, not ${values('income')[0]}`);
    assert.equal(values('score')[0], Number(cells[4].replace(',', '.')));
    const [day, month, year] = cells[1].split('.').map(Number);
    assert.equal(values('signup')[0], Date.UTC(year, month - 1, day));
  });
});

test('tab- and pipe-separated files are detected, quotes respected', async () => {
  await withTempDir(async (dir) => {
    const tab = await writeCsv(dir, 'tab.tsv', 'name\tnote\tvalue\nA\t"x, y; z"\t1,5\nB\tplain\t2,25\n');
    const pipe = await writeCsv(dir, 'pipe.csv', 'name|note|value\nA|"a|b"|1.5\nB|c,d|2.25\nC|e|3\n');
    const fromTab = await ingestCsv(tab, { datasetsDir: join(dir, 'a') });
    assert.equal(fromTab.dialect.delimiter, '\t');
    assert.equal(fromTab.dialect.decimal, ',');
    assert.equal(column(fromTab.profile.columns, 'value').numeric?.max, 2.25);
    const fromPipe = await ingestCsv(pipe, { datasetsDir: join(dir, 'b') });
    assert.equal(fromPipe.dialect.delimiter, '|');
    assert.equal(fromPipe.dialect.decimal, '.');
    const table = await loadTable(fromPipe.path, fromPipe.profile, fromPipe.dialect);
    assert.deepEqual(table.columns.find((c) => c.name === 'note')?.values, ['a|b', 'c,d', 'e']);
    assert.equal(column(fromPipe.profile.columns, 'value').numeric?.min, 1.5);
  });
});

test('a plain comma file stays comma-separated with decimal points, unquoted semicolons in text or not', async () => {
  await withTempDir(async (dir) => {
    const file = await writeCsv(dir, 'plain.csv', 'a,b,note\n1.5,2,x;y\n2.5,3,z\n3.5,4,"p,q"\n');
    const snapshot = await ingestCsv(file, { datasetsDir: join(dir, 'datasets') });
    assert.deepEqual(snapshot.dialect, { delimiter: ',', decimal: '.', dateFormats: {} });
    assert.equal(column(snapshot.profile.columns, 'a').numeric?.max, 3.5);
  });
});

test('--delimiter and --decimal override detection', async () => {
  await withTempDir(async (dir) => {
    const file = await writeCsv(dir, 'churn-eu.csv', europeanCsv(30));
    const datasetsDir = join(dir, 'datasets');
    // Read as comma-separated, the header is one column: the target is not in it.
    const asComma = await rejection(
      ingestCsv(file, { datasetsDir, target: 'churn', dialect: { delimiter: ',' } }),
      'CSV_INVALID',
    );
    assert.match(asComma.message, /target column "churn" is not in the header/);
    // A file of whole numbers detects no decimal comma; given, `7,5` is a number.
    const whole = await writeCsv(dir, 'whole.csv', 'a;b\n1;2\n3;4\n');
    const given = await ingestCsv(whole, { datasetsDir, dialect: { delimiter: ';', decimal: ',' } });
    assert.deepEqual([given.dialect.delimiter, given.dialect.decimal], [';', ',']);
  });
});

test('a number with the other decimal mark names the file, line and column, on any thread', async () => {
  await withTempDir(async (dir) => {
    const rows = europeanCsv(40).split('\n');
    // Line 6 of the file (the header is line 1): a decimal point among decimal commas.
    const cells = rows[5].split(';');
    cells[4] = '3.5';
    rows[5] = cells.join(';');
    const file = await writeCsv(dir, 'bad.csv', rows.join('\n'));
    for (const workers of [0, 2]) {
      const datasetsDir = join(dir, `datasets-${workers}`);
      const error = await rejection(ingestCsv(file, { datasetsDir, workers }), 'CSV_INVALID');
      assert.match(
        error.message,
        /bad\.csv, line 6: column "score": "3\.5" is not a number with a decimal comma/,
      );
      assert.match(error.message, /--decimal \./);
      assert.equal(error.details?.line, 6);
      assert.equal(error.details?.column, 'score');
      assert.deepEqual(await filesIn(datasetsDir), []);
    }
  });
});

test('worker threads read the dialect as the calling thread does', async () => {
  await withTempDir(async (dir) => {
    const file = await writeCsv(dir, 'churn-eu.csv', europeanCsv(3000));
    const inline = await ingestCsv(file, { datasetsDir: join(dir, 'a'), workers: 0 });
    const parallel = await ingestCsv(file, { datasetsDir: join(dir, 'b'), workers: 2 });
    assert.deepEqual(parallel.profile, inline.profile);
    assert.deepEqual(parallel.dialect, inline.dialect);
  });
});

test("the datasets table keeps each dataset's dialect", async () => {
  const workspace = tempWorkspace();
  try {
    const file = await writeCsv(workspace.paths.root, 'churn-eu.csv', europeanCsv(20));
    const snapshot = await ingestCsv(file, { datasetsDir: workspace.paths.datasets });
    const store = new DatasetStore(workspace.db, workspace.clock, workspace.paths.root);
    store.record(snapshot);
    assert.deepEqual(store.get(snapshot.id)?.dialect, snapshot.dialect);
    assert.deepEqual(store.list()[0].dialect, {
      delimiter: ';',
      decimal: ',',
      dateFormats: { signup: 'DD.MM.YYYY' },
    });
  } finally {
    workspace.cleanup();
  }
});

test("an upload's text is detected as its file would be, a long one from its first whole lines", async () => {
  await withTempDir(async (dir) => {
    const text = europeanCsv(3000);
    const file = await writeCsv(dir, 'churn-eu.csv', text);
    const fromFile = await sampleDialect(file);
    const fromText = sampleDialectOfText(text);
    assert.ok(text.length > 64 * 1024, 'longer than the sample');
    assert.equal(fromText.delimiter, ';');
    assert.equal(fromText.decimal, ',');
    assert.deepEqual(sampledDateFormats(fromText, 'churn-eu.csv', {}), { signup: 'DD.MM.YYYY' });
    assert.deepEqual(fromText, fromFile);
    assert.equal(sampleDialectOfText(text, { delimiter: ',' }).delimiter, ',');
  });
});
