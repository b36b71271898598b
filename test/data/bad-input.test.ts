import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ingestCsv } from '../../main/data/index.js';
import { filesIn, rejection, withTempDir, writeCsv } from './fixtures.js';

/**
 * Every rejected file: the error has code CSV_INVALID, names the file and the line (or the
 * column), and the datasets folder holds nothing afterwards — no snapshot, no temp file.
 */
async function expectRejected(
  content: string | Uint8Array,
  options: { target?: string; line?: number; mentions?: string[] } = {},
): Promise<string> {
  return withTempDir(async (dir) => {
    const file = await writeCsv(dir, 'input.csv', content);
    const datasetsDir = join(dir, 'datasets');
    const error = await rejection(ingestCsv(file, { datasetsDir, target: options.target }), 'CSV_INVALID');
    assert.ok(error.message.includes(file), `message names the file: ${error.message}`);
    assert.equal(error.details?.file, file);
    if (options.line !== undefined) {
      assert.ok(
        error.message.includes(`line ${options.line}`),
        `message names line ${options.line}: ${error.message}`,
      );
      assert.equal(error.details?.line, options.line);
    }
    for (const text of options.mentions ?? [])
      assert.ok(error.message.includes(text), `mentions ${text}: ${error.message}`);
    assert.deepEqual(await filesIn(datasetsDir), []);
    return error.message;
  });
}

test('an empty file is rejected', async () => {
  const message = await expectRejected('', { line: 1, mentions: ['empty'] });
  assert.match(message, /empty/);
  await expectRejected('\n\r\n\n', { line: 1, mentions: ['empty'] });
  await expectRejected(Buffer.from([0xef, 0xbb, 0xbf]), { line: 1, mentions: ['empty'] });
});

test('a file whose first row is data, not a header, is rejected', async () => {
  await expectRejected('1,2.5,3\n4,5,6\n', { line: 1, mentions: ['header'] });
  await expectRejected('2024-01-01,7\n2024-01-02,8\n', { line: 1, mentions: ['header'] });
});

test('blank column names are rejected with their positions', async () => {
  await expectRejected('a,,c\n1,2,3\n', { line: 1, mentions: ['column 2'] });
});

test('a ragged row reports its physical line, counting quoted newlines before it', async () => {
  const lf = 'id,name,score\n1,"multi\nline",3\n2,plain,4\n3,bad,5,6\n4,ok,7\n';
  const message = await expectRejected(lf, { line: 5, mentions: ['4 fields', 'header has 3'] });
  assert.match(message, /line 5/);
  // csv-parse alone would count a CRLF inside quotes twice; the line must still be 5.
  await expectRejected(lf.replaceAll('\n', '\r\n'), { line: 5 });
  // Blank lines are skipped but still counted.
  await expectRejected('a,b\n1,2\n\n\n3\n', { line: 5, mentions: ['1 field'] });
  // A short row too, right after the header.
  await expectRejected('a,b,c\n1,2\n', { line: 2 });
});

test('a ragged row whose own field spans lines reports the line it starts on', async () => {
  await expectRejected('a,b\n1,2\n3,"x\ny",4\n', { line: 3 });
});

test('a missing target lists the columns there are', async () => {
  const message = await expectRejected('age,income,label\n1,2,0\n3,4,1\n', {
    target: 'target',
    line: 1,
    mentions: ['"target"', '"age"', '"income"', '"label"'],
  });
  assert.match(message, /not in the header/);
});

test('a constant target is rejected, naming the column', async () => {
  await withTempDir(async (dir) => {
    const file = await writeCsv(dir, 'constant.csv', 'x,target\n1,yes\n2,yes\n3,yes\n');
    const datasetsDir = join(dir, 'datasets');
    const error = await rejection(ingestCsv(file, { datasetsDir, target: 'target' }), 'CSV_INVALID');
    assert.ok(error.message.includes(file));
    assert.match(error.message, /column "target"/);
    assert.match(error.message, /"yes" in every row/);
    assert.equal(error.details?.column, 'target');
    assert.deepEqual(await filesIn(datasetsDir), []);
  });
  await expectRejected('x,target\n1,\n2,NA\n', { target: 'target', mentions: ['no values'] });
});

test('bytes that are not UTF-8 are rejected with their line', async () => {
  const head = Buffer.from('name,value\ncafé,1\n');
  const bad = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2c, 0x32, 0x0a]); // "caf\xe9,2" in Latin-1
  const message = await expectRejected(Buffer.concat([head, bad, Buffer.from('tea,3\n')]), {
    line: 3,
    mentions: ['UTF-8'],
  });
  assert.match(message, /byte 4/);
  // Also in the header.
  await expectRejected(Buffer.from([0x61, 0xff, 0x2c, 0x62, 0x0a, 0x31, 0x2c, 0x32, 0x0a]), { line: 1 });
});

test('duplicate column names are rejected, naming them', async () => {
  await expectRejected('a,b,a,c,b\n1,2,3,4,5\n', { line: 1, mentions: ['duplicate', '"a"', '"b"'] });
});

test('a header with no rows and an unclosed quote are rejected too', async () => {
  await expectRejected('a,b\n', { line: 2, mentions: ['no data rows'] });
  await expectRejected('a,b\n1,2\n3,"open\n4,5\n', { line: 3 });
});

test('a missing input file is NOT_FOUND and leaves nothing behind', async () => {
  await withTempDir(async (dir) => {
    const datasetsDir = join(dir, 'datasets');
    const file = join(dir, 'nope.csv');
    const error = await rejection(ingestCsv(file, { datasetsDir }), 'NOT_FOUND');
    assert.ok(error.message.includes(file));
    assert.deepEqual(await filesIn(datasetsDir), []);
  });
});
