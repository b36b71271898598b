import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readCsvColumns, snapshotCsvColumns } from '../../main/data/columnar/index.js';
import { filesIn, rejection, withTempDir, writeCsv } from './fixtures.js';

const ROWS = 3000;

/**
 * Numbers, dates, categories and quoted text with commas and line breaks, and one record far
 * longer than the room kept for a carried record (64 KB), so chunks end inside quotes, inside
 * records and inside that one record many times over.
 */
function mixedCsv(): string {
  const lines = ['amount,count,day,colour,note'];
  for (let i = 0; i < ROWS; i++) {
    const note =
      i === 1234 ? `"${'long text, '.repeat(9000)}"` : i % 5 === 0 ? `"two\nlines, ${i}"` : `plain ${i % 17}`;
    lines.push(
      [
        i % 11 === 3 ? '' : (i * 0.75 - 100).toFixed(2),
        String(i % 40),
        `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
        ['red', 'green', 'blue'][i % 3],
        note,
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

test('reading ahead in small chunks gives the same columns, profile and hash as one big read, and the snapshot copy is the file', async () => {
  await withTempDir(async (dir) => {
    const file = await writeCsv(dir, 'mixed.csv', mixedCsv());
    const bytes = await readFile(file);
    assert.ok(bytes.length > 150_000, 'the file spans many small chunks');
    const whole = await readCsvColumns(file);
    assert.equal(whole.sha256, sha256Of(bytes));
    assert.equal(whole.table.rowCount, ROWS);
    for (const chunkBytes of [97, 4096, 65_536]) {
      const progress: number[] = [];
      const read = await readCsvColumns(file, { chunkBytes, onBytesRead: (n) => progress.push(n) });
      assert.equal(read.sha256, whole.sha256, `chunks of ${chunkBytes}`);
      assert.equal(read.bytes, bytes.length);
      assert.deepEqual(read.table, whole.table, `chunks of ${chunkBytes}`);
      assert.ok(progress.length >= Math.floor(bytes.length / chunkBytes), 'progress after every chunk');
      assert.ok(progress.every((n, i) => i === 0 || n > progress[i - 1]));
      assert.equal(progress.at(-1), bytes.length);

      const datasetsDir = join(dir, `datasets-${chunkBytes}`);
      const { snapshot, table } = await snapshotCsvColumns(file, { datasetsDir, chunkBytes });
      assert.equal(snapshot.id, whole.sha256);
      assert.ok((await readFile(snapshot.path)).equals(bytes), 'the copy is exactly the bytes hashed');
      assert.deepEqual(table.columns, whole.table.columns);
      assert.deepEqual(
        (await filesIn(datasetsDir)).filter((name) => name.includes('.podium-tmp-')),
        [],
        'no temporary file is left',
      );
    }
  });
});

test('a bad row several chunks in, or a cancel mid-way, leaves nothing in the datasets folder', async () => {
  await withTempDir(async (dir) => {
    const good = mixedCsv();
    const at = good.indexOf('\n2', 100_000);
    const bad = `${good.slice(0, at)}\n1.5,2,2024-01-01,red,"open quote\n`;
    const file = await writeCsv(dir, 'bad.csv', bad);
    const datasetsDir = join(dir, 'datasets');
    const error = await rejection(snapshotCsvColumns(file, { datasetsDir, chunkBytes: 1000 }), 'CSV_INVALID');
    assert.ok(error.message.includes(file), error.message);
    assert.deepEqual(await filesIn(datasetsDir), []);

    const ok = await writeCsv(dir, 'ok.csv', good);
    const controller = new AbortController();
    let reads = 0;
    await rejection(
      snapshotCsvColumns(ok, {
        datasetsDir,
        chunkBytes: 1000,
        signal: controller.signal,
        onBytesRead: () => {
          reads += 1;
          if (reads === 20) controller.abort();
        },
      }),
      'CANCELLED',
    );
    assert.equal(reads, 20, 'the read stops at the next chunk');
    assert.deepEqual(await filesIn(datasetsDir), []);
  });
});

test('a file-size limit reached several chunks into the copy fails the snapshot with EFBIG and leaves nothing', async () => {
  await withTempDir(async (dir) => {
    const file = await writeCsv(dir, 'mixed.csv', mixedCsv());
    const datasetsDir = join(dir, 'datasets');
    const module = fileURLToPath(new URL('../../main/data/columnar/index.js', import.meta.url));
    // A child process under `ulimit -f 64` (64 KB): the copy's write is cut short after many
    // 4 KB chunks were read ahead, parsed and written.
    const script = `
      const { snapshotCsvColumns } = await import(${JSON.stringify(module)});
      try {
        await snapshotCsvColumns(${JSON.stringify(file)}, { datasetsDir: ${JSON.stringify(datasetsDir)}, chunkBytes: 4096 });
        console.log('stored');
      } catch (error) {
        console.log(error.code);
      }`;
    const run = spawnSync(
      'bash',
      ['-c', 'ulimit -f 64; exec "$0" "$@"', process.execPath, '--input-type=module', '-e', script],
      { encoding: 'utf8', timeout: 30_000 },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'EFBIG', run.stderr);
    assert.deepEqual(await filesIn(datasetsDir), []);
  });
});
