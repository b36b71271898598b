import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { ingestCsv, loadTable } from '../../main/data/index.js';
import { withTempDir, writeCsv } from './fixtures.js';

// Every day is ≤ 12, so inference cannot tell day-first from month-first and reads day first.
const US_DATES = 'when,y\n01-02-2020,1\n03-04-2020,2\n12-11-2020,3\n';

test('a given date format replaces inference', async () => {
  await withTempDir(async (dir) => {
    const file = await writeCsv(dir, 'us.csv', US_DATES);
    const inferred = await ingestCsv(file, { datasetsDir: join(dir, 'a') });
    assert.equal(inferred.profile.columns[0].date?.format, 'DD-MM-YYYY');
    const given = await ingestCsv(file, { datasetsDir: join(dir, 'b'), dateFormats: { when: 'MM-DD-YYYY' } });
    assert.equal(given.profile.columns[0].date?.format, 'MM-DD-YYYY');
    assert.equal(given.profile.columns[0].date?.min, '2020-01-02T00:00:00.000Z');
    const table = await loadTable(given.path, given.profile);
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
