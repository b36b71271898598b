import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { ingestCsv, loadTable } from '../../main/data/index.js';
import { filesIn, rejection, withTempDir, writeCsv } from './fixtures.js';

// Every day is ≤ 12, so inference cannot tell day-first from month-first.
const US_DATES = 'when,y\n01-02-2020,1\n03-04-2020,2\n12-11-2020,3\n';

test('dates that read both day-first and month-first are refused, asking for --date-format', async () => {
  await withTempDir(async (dir) => {
    const file = await writeCsv(dir, 'us.csv', US_DATES);
    const datasetsDir = join(dir, 'datasets');
    const refused = await rejection(ingestCsv(file, { datasetsDir }), 'DATA_INVALID');
    assert.match(
      refused.message,
      /us\.csv, column "when": cannot tell whether the dates are DD-MM-YYYY or MM-DD-YYYY/,
    );
    assert.match(refused.message, /--date-format when=DD-MM-YYYY/);
    assert.deepEqual(await filesIn(datasetsDir), []);
  });
});

test("a format for every date column, or the model's earlier format, decides ambiguous dates", async () => {
  await withTempDir(async (dir) => {
    const file = await writeCsv(dir, 'us.csv', US_DATES);
    const everyColumn = await ingestCsv(file, {
      datasetsDir: join(dir, 'a'),
      dialect: { dateFormat: 'MM-DD-YYYY' },
    });
    assert.equal(everyColumn.profile.columns[0].date?.format, 'MM-DD-YYYY');
    assert.deepEqual(everyColumn.dialect.dateFormats, { when: 'MM-DD-YYYY' });
    const fallback = await ingestCsv(file, {
      datasetsDir: join(dir, 'b'),
      fallbackDateFormats: { when: 'MM-DD-YYYY' },
    });
    assert.equal(fallback.profile.columns[0].date?.format, 'MM-DD-YYYY');
    // A fallback the values rule out does not apply: a day above 12 decides by itself.
    const european = await writeCsv(dir, 'eu.csv', `${US_DATES}13-01-2020,4\n`);
    const decided = await ingestCsv(european, {
      datasetsDir: join(dir, 'c'),
      fallbackDateFormats: { when: 'MM-DD-YYYY' },
    });
    assert.equal(decided.profile.columns[0].date?.format, 'DD-MM-YYYY');
  });
});

test('a given date format replaces inference', async () => {
  await withTempDir(async (dir) => {
    const file = await writeCsv(dir, 'us.csv', US_DATES);
    const given = await ingestCsv(file, {
      datasetsDir: join(dir, 'b'),
      dialect: { dateFormats: { when: 'MM-DD-YYYY' } },
    });
    assert.equal(given.profile.columns[0].date?.format, 'MM-DD-YYYY');
    assert.equal(given.profile.columns[0].date?.min, '2020-01-02T00:00:00.000Z');
    const table = await loadTable(given.path, given.profile, given.dialect);
    assert.equal(table.columns[0].values[2], Date.UTC(2020, 11, 11));
  });
});

test('a value the given format cannot read, or a column that does not exist, is refused with nothing stored', async () => {
  await withTempDir(async (dir) => {
    const file = await writeCsv(dir, 'bad.csv', `${US_DATES}13-01-2020,4\n`);
    const datasetsDir = join(dir, 'datasets');
    await assert.rejects(
      ingestCsv(file, { datasetsDir, dateFormats: { when: 'MM-DD-YYYY' } }),
      (error: Error) =>
        error.message.includes(file) &&
        error.message.includes('"when"') &&
        error.message.includes('MM-DD-YYYY') &&
        error.message.includes('"13-01-2020"'),
    );
    await assert.rejects(
      ingestCsv(file, { datasetsDir, dateFormats: { When: 'MM-DD-YYYY' } }),
      /"When", which is not a column; columns: when, y/,
    );
    assert.deepEqual(await readdir(datasetsDir), []);
  });
});
