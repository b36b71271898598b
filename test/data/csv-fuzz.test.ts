import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createRandom, type Random } from '../../main/common/random.js';
import { isPodiumError } from '../../main/contract/errors.js';
import { type DatasetProfile, ingestCsv } from '../../main/data/index.js';
import { filesIn, withTempDir } from './fixtures.js';

/**
 * CSV ingest under bad input at volume. Every file either ingests into a snapshot with a
 * sensible profile, or is refused with a PodiumError that names the file and a line or column;
 * never an internal error, and a refused file leaves the datasets folder exactly as it was.
 * Set FUZZ_SEED to replay a run; failure messages name the seed and the case.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 0xc5f_2026);

let root: string;
let datasetsDir: string;
let caseNumber = 0;
const tally = { ingested: 0, refused: 0 };

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'podium-csv-fuzz-'));
  datasetsDir = join(root, 'datasets');
  await mkdir(datasetsDir, { recursive: true });
  // An earlier snapshot, so "left as it was" means more than "empty".
  await ingestCsv(await writeInput('earlier.csv', 'a,b\n1,x\n2,y\n'), { datasetsDir });
});

after(async () => {
  console.log(`csv fuzz (seed ${SEED}): ${tally.ingested} files ingested, ${tally.refused} refused`);
  await rm(root, { recursive: true, force: true });
});

async function writeInput(name: string, content: string | Uint8Array): Promise<string> {
  const file = join(root, name);
  await writeFile(file, content);
  return file;
}

type Outcome =
  | { ok: true; profile: DatasetProfile; file: string }
  | { ok: false; message: string; line?: number; column?: unknown; file: string };

/**
 * Ingests `content` and checks the invariants every outcome must hold; returns the outcome so
 * the caller can check what it knows about this input (row count, line of the error …).
 */
async function ingest(label: string, content: string | Uint8Array, target?: string): Promise<Outcome> {
  const where = `seed=${SEED} case=${caseNumber++} [${label}]`;
  const file = await writeInput(`input-${caseNumber}.csv`, content);
  const beforeFiles = (await readdir(datasetsDir)).sort();
  try {
    const snapshot = await ingestCsv(file, { datasetsDir, target });
    tally.ingested++;
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    assert.equal(snapshot.id, createHash('sha256').update(bytes).digest('hex'), `${where}: snapshot id`);
    const afterFiles = (await readdir(datasetsDir)).sort();
    // The columns file is a cache the read writes when the columns convert (not for every table).
    const columns = afterFiles.includes(`${snapshot.id}.columns`) ? [`${snapshot.id}.columns`] : [];
    const expected = [
      ...new Set([...beforeFiles, `${snapshot.id}.csv`, `${snapshot.id}.profile.json`, ...columns]),
    ].sort();
    assert.deepEqual(
      afterFiles,
      expected,
      `${where}: the datasets folder holds the snapshot and nothing else`,
    );
    assertSensibleProfile(where, snapshot.profile);
    return { ok: true, profile: snapshot.profile, file };
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    tally.refused++;
    assert.ok(
      isPodiumError(error),
      `${where}: expected a PodiumError, got ${(error as Error)?.stack ?? String(error)}`,
    );
    assert.equal(error.code, 'CSV_INVALID', `${where}: ${error.code} ${error.message}`);
    assert.ok(error.message.includes(file), `${where}: the message names the file: ${error.message}`);
    assert.equal(error.details?.file, file, `${where}: details.file`);
    const line = error.details?.line;
    const column = error.details?.column;
    if (line !== undefined) {
      assert.ok(Number.isInteger(line) && (line as number) >= 1, `${where}: line ${String(line)}`);
      assert.ok(
        error.message.includes(`line ${line}`),
        `${where}: message names line ${line}: ${error.message}`,
      );
    } else {
      assert.ok(column !== undefined, `${where}: neither a line nor a column: ${error.message}`);
    }
    assert.deepEqual(
      (await readdir(datasetsDir)).sort(),
      beforeFiles,
      `${where}: a refused file leaves the datasets folder as it was (${error.message})`,
    );
    return { ok: false, message: error.message, line: line as number | undefined, column, file };
  }
}

function assertSensibleProfile(where: string, profile: DatasetProfile): void {
  assert.ok(profile.rows > 0, `${where}: rows`);
  for (const column of profile.columns) {
    const at = `${where}: column ${JSON.stringify(column.name.slice(0, 40))}`;
    assert.equal(column.count + column.missing, profile.rows, `${at}: count + missing = rows`);
    assert.ok(column.distinct <= column.count, `${at}: distinct ≤ count`);
    if (column.numeric) {
      const { mean, std, min, max, quantiles, histogram } = column.numeric;
      const numbers = { mean, std, min, max, ...quantiles };
      for (const [name, value] of Object.entries(numbers))
        assert.ok(Number.isFinite(value), `${at}: numeric.${name} is ${value} (${JSON.stringify(numbers)})`);
      assert.ok(min <= quantiles.p50 && quantiles.p50 <= max, `${at}: min ≤ median ≤ max`);
      assert.ok(histogram.edges.every(Number.isFinite), `${at}: histogram edges ${histogram.edges}`);
      const binned = histogram.counts.reduce((sum, n) => sum + n, 0);
      assert.equal(binned, column.count, `${at}: histogram counts add up to the count`);
    }
    if (column.categorical) {
      const listed = column.categorical.top.reduce((sum, entry) => sum + entry.count, 0);
      assert.ok(listed <= column.count, `${at}: top counts ≤ count`);
    }
    if (column.date) assert.ok(column.date.min <= column.date.max, `${at}: date min ≤ max`);
  }
}

function expectRefused(outcome: Outcome, label: string): asserts outcome is Extract<Outcome, { ok: false }> {
  assert.equal(outcome.ok, false, `seed=${SEED} [${label}]: expected a refusal, the file was ingested`);
}

const pick = <T>(random: Random, items: readonly T[]): T => items[random.int(items.length)];

const CELLS = [
  '1',
  '-2.5',
  '1e5',
  '0',
  '',
  'NA',
  'null',
  'yes',
  'no',
  'café',
  '中文',
  '😀',
  '2024-01-31',
  '31/01/2024',
  '2024-01-31T10:00:00Z',
  'a b c',
  '  padded  ',
  '#N/A',
  'x'.repeat(300),
];

/** A cell, quoted when it must be (or at random), with quotes doubled. */
function cell(random: Random): string {
  const roll = random.int(10);
  let text: string;
  if (roll < 6) text = pick(random, CELLS);
  else if (roll < 8) text = String(Math.round(random.normal() * 1000) / 100);
  else
    text = pick(random, ['a,b', 'line\nbreak', 'cr\rbreak', 'crlf\r\nbreak', 'say "hi"', '"', ',', '\u0000']);
  return /[",\r\n]/.test(text) || random.next() < 0.1 ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Physical line breaks in `text`: LF, CRLF and a lone CR count once each. */
function lineBreaks(text: string): number {
  return (text.match(/\r\n|\r|\n/g) ?? []).length;
}

type RandomCsv = { text: string; rows: number; columns: number; rowStartLines: number[] };

/** A well-formed CSV with random cells and mixed line endings; knows the line each row starts on. */
function randomCsv(random: Random, options: { rows?: number; columns?: number } = {}): RandomCsv {
  const columns = options.columns ?? 2 + random.int(6);
  const rows = options.rows ?? 1 + random.int(30);
  const ending = () => pick(random, ['\n', '\r\n', '\r']);
  const header = Array.from(
    { length: columns },
    (_, c) => `col_${c}${pick(random, ['', '_name', ' x', 'é'])}`,
  );
  let text = `${header.join(',')}${ending()}`;
  const rowStartLines: number[] = [];
  for (let r = 0; r < rows; r++) {
    rowStartLines.push(1 + lineBreaks(text));
    text += Array.from({ length: columns }, () => cell(random)).join(',');
    if (r < rows - 1 || random.next() < 0.7) text += ending();
  }
  return { text, rows, columns, rowStartLines };
}

test('random well-formed CSVs with mixed \\n, \\r\\n and \\r ingest with their true row count', async () => {
  const random = createRandom(SEED);
  for (let i = 0; i < 250; i++) {
    const csv = randomCsv(random);
    const bom = random.next() < 0.2 ? '\ufeff' : '';
    const outcome = await ingest(`random-${i}`, bom + csv.text);
    if (!outcome.ok) {
      // A random header can look like data only if every name parses; ours never do.
      assert.fail(
        `seed=${SEED} random-${i}: refused a well-formed file: ${outcome.message}\n${csv.text.slice(0, 500)}`,
      );
    }
    assert.equal(
      outcome.profile.rows,
      csv.rows,
      `seed=${SEED} random-${i}: rows\n${JSON.stringify(csv.text.slice(0, 300))}`,
    );
    assert.equal(outcome.profile.columns.length, csv.columns);
    if (bom)
      assert.ok(outcome.profile.columns[0].name.startsWith('col_0'), 'a BOM is not part of the first name');
  }
});

test('a row with too many or too few cells is refused at its physical line, whatever the line endings', async () => {
  const random = createRandom(SEED + 1);
  for (let i = 0; i < 200; i++) {
    const csv = randomCsv(random, { rows: 2 + random.int(30) });
    // Rebuild with one row ragged: drop or add cells.
    const rowIndex = random.int(csv.rows);
    const parts = splitRows(csv.text, csv);
    const tooMany = random.next() < 0.5;
    parts.rows[rowIndex] = tooMany
      ? `${parts.rows[rowIndex]},extra`
      : parts.rows[rowIndex].replace(/,[^,]*$/, '');
    // A row cut down to nothing is a blank line, which CSV readers skip (pandas too).
    if (parts.rows[rowIndex] === '') continue;
    const text = parts.header + parts.rows.map((row, r) => row + parts.endings[r]).join('');
    const outcome = await ingest(`ragged-${i}`, text);
    expectRefused(outcome, `ragged-${i}`);
    // Cutting the last cell of a row may cut into a quoted field; then only the first problem counts.
    if (/fields? but the header has/.test(outcome.message)) {
      const expected =
        1 +
        lineBreaks(
          parts.header +
            parts.rows
              .slice(0, rowIndex)
              .map((row, r) => row + parts.endings[r])
              .join(''),
        );
      assert.equal(
        outcome.line,
        expected,
        `seed=${SEED} ragged-${i}: ${outcome.message}\n${JSON.stringify(text.slice(0, 600))}`,
      );
    }
  }
});

/** Splits a randomCsv back into header, rows and the ending after each row. */
function splitRows(text: string, csv: RandomCsv): { header: string; rows: string[]; endings: string[] } {
  // Row r starts at the first character after rowStartLines[r] - 1 line breaks that lie outside quotes.
  const starts: number[] = [];
  let inQuotes = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') inQuotes = !inQuotes;
    if (char === '\r' || char === '\n') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      line++;
      if (!inQuotes && csv.rowStartLines.includes(line) && starts.length < csv.rows) starts.push(i + 1);
    }
  }
  const header = text.slice(0, starts[0]);
  const rows: string[] = [];
  const endings: string[] = [];
  for (let r = 0; r < starts.length; r++) {
    const chunk = text.slice(starts[r], starts[r + 1] ?? text.length);
    const ending = /(\r\n|\r|\n)$/.exec(chunk)?.[0] ?? '';
    rows.push(chunk.slice(0, chunk.length - ending.length));
    endings.push(ending);
  }
  return { header, rows, endings };
}

test('truncated files and files with a stray quote: ingested whole-row or refused, never half-read', async () => {
  const random = createRandom(SEED + 2);
  for (let i = 0; i < 200; i++) {
    const csv = randomCsv(random, { rows: 3 + random.int(20) });
    const bytes = Buffer.from(csv.text);
    const cut = random.int(bytes.length);
    await ingest(`truncated-${i}-at-${cut}`, bytes.subarray(0, cut));
  }
  for (let i = 0; i < 200; i++) {
    const csv = randomCsv(random, { rows: 3 + random.int(20) });
    const quoteCount = (csv.text.match(/"/g) ?? []).length;
    const at = random.int(csv.text.length + 1);
    const text = `${csv.text.slice(0, at)}"${csv.text.slice(at)}`;
    const outcome = await ingest(`stray-quote-${i}-at-${at}`, text);
    // One quote more than a well-formed file has: an odd count can only be a broken file.
    if (outcome.ok && (quoteCount + 1) % 2 === 1)
      assert.fail(
        `seed=${SEED} stray-quote-${i}: an odd number of quotes was ingested\n${JSON.stringify(text.slice(0, 600))}`,
      );
  }
});

test('random bytes, NUL bytes and BOMs', async () => {
  const random = createRandom(SEED + 3);
  for (let i = 0; i < 150; i++) {
    const bytes = Buffer.alloc(1 + random.int(4000));
    for (let b = 0; b < bytes.length; b++) bytes[b] = random.int(256);
    await ingest(`random-binary-${i}`, bytes);
  }
  // Bytes from the CSV alphabet get past the UTF-8 check and into the parser.
  const alphabet = Buffer.from('ab1,"\n\r\u0000 .-');
  for (let i = 0; i < 300; i++) {
    const bytes = Buffer.alloc(1 + random.int(400));
    for (let b = 0; b < bytes.length; b++) bytes[b] = alphabet[random.int(alphabet.length)];
    await ingest(`csv-alphabet-${i}`, bytes);
  }
  for (let i = 0; i < 50; i++) {
    const csv = randomCsv(random);
    const bytes = Buffer.from(csv.text);
    const at = random.int(bytes.length);
    // A NUL is valid UTF-8 and an ordinary character to the parser.
    await ingest(`nul-${i}`, Buffer.concat([bytes.subarray(0, at), Buffer.from([0, 0]), bytes.subarray(at)]));
  }
  const bom = '\ufeff';
  const one = await ingest('one BOM', `${bom}a,b\n1,x\n2,y\n`);
  assert.ok(one.ok);
  assert.deepEqual(
    one.profile.columns.map((c) => c.name),
    ['a', 'b'],
  );
  await ingest('two BOMs', `${bom}${bom}a,b\n1,x\n2,y\n`);
  await ingest('BOM inside a cell', `a,b\n1,${bom}x\n2,y\n`);
  expectRefused(await ingest('BOM only', bom), 'BOM only');
  expectRefused(await ingest('BOM and blank lines', `${bom}\r\n\r\n`), 'BOM and blank lines');
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n1,2\n', 'utf16le')]);
  expectRefused(await ingest('UTF-16 with BOM', utf16), 'UTF-16 with BOM');
  const cutChar = Buffer.concat([Buffer.from('a,b\n1,caf'), Buffer.from('é').subarray(0, 1)]);
  const cut = await ingest('truncated inside a UTF-8 character', cutChar);
  expectRefused(cut, 'truncated inside a UTF-8 character');
  assert.equal(cut.line, 2);
});

test('header-only files, duplicate and blank names, prototype names', async () => {
  for (const text of ['a,b', 'a,b\n', 'a,b\r\n', 'a,b\r', 'a,b\n\n\n', 'a,b\r\r\r', '"a\nb",c\n']) {
    const outcome = await ingest(`header only ${JSON.stringify(text)}`, text);
    expectRefused(outcome, text);
    assert.match(outcome.message, /no data rows/);
  }
  for (const text of ['a,a\n1,2\n', 'a, a\n1,2\n', '"a","a"\n1,2\n', 'x,y,x,y\n1,2,3,4\n']) {
    const outcome = await ingest(`duplicate ${JSON.stringify(text)}`, text);
    expectRefused(outcome, text);
    assert.match(outcome.message, /duplicate/);
  }
  for (const text of [',\n1,2\n', 'a,,b\n1,2,3\n', '" ",b\n1,2\n']) {
    expectRefused(await ingest(`blank name ${JSON.stringify(text)}`, text), text);
  }
  const names = await ingest(
    'prototype names',
    '__proto__,constructor,toString,hasOwnProperty\n1,2,3,4\n5,6,7,8\n',
  );
  assert.ok(names.ok);
  assert.deepEqual(
    names.profile.columns.map((c) => c.name),
    ['__proto__', 'constructor', 'toString', 'hasOwnProperty'],
  );
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('numbers spanning -1e308 to 1e308 give a finite profile whose histogram counts every value', async () => {
  await ingest('extreme range', 'x,label\n1e308,a\n-1e308,b\n0,a\n5e-324,b\n');
});

test('numbers whose sum overflows (1e308 + 1e308) still give a finite mean and std', async () => {
  await ingest('overflowing sum', 'x,label\n1e308,a\n1e308,b\n1.5e308,a\n');
});

test('10,000 columns', async () => {
  const width = 10_000;
  const header = Array.from({ length: width }, (_, c) => `c${c}`).join(',');
  const row = (r: number) => Array.from({ length: width }, (_, c) => String((r * 31 + c) % 97)).join(',');
  const rows = Array.from({ length: 20 }, (_, r) => row(r));
  const wide = await ingest('10,000 columns', `${header}\n${rows.join('\n')}\n`);
  assert.ok(wide.ok);
  assert.equal(wide.profile.columns.length, width);
  assert.equal(wide.profile.rows, 20);
  const short = await ingest(
    '10,000 columns, one row short a cell',
    `${header}\n${rows[0]}\n${rows[1].replace(/,\d+$/, '')}\n`,
  );
  expectRefused(short, 'one row short');
  assert.equal(short.line, 3);
  assert.match(short.message, /9999 fields but the header has 10000/);
});

test('a 50 MB field (no field size limit in the ingest) and a 9 MB file read by worker threads', async () => {
  const size = 50 * 1024 * 1024;
  // Quoted, with commas, doubled quotes, LF, CRLF and lone CR inside: the segmenter must not cut in it.
  const pattern = 'lorem, ipsum\n""quoted"" dolor\r\nsit\ramet ';
  const big = Buffer.from(pattern.repeat(Math.ceil(size / pattern.length)));
  const head = Buffer.from('id,blob,n\n1,"');
  const rest = Buffer.from('",3\r\n2,short,4\n');
  const quoted = await ingest('50 MB quoted field', Buffer.concat([head, big, rest]));
  assert.ok(quoted.ok);
  assert.equal(quoted.profile.rows, 2);

  const unquoted = Buffer.alloc(size, 'abcdefgh');
  const plain = await ingest(
    '50 MB unquoted field',
    Buffer.concat([Buffer.from('id,blob\n1,'), unquoted, Buffer.from('\n2,x\n')]),
  );
  assert.ok(plain.ok);

  const open = await ingest('50 MB field never closed', Buffer.concat([head, big]));
  expectRefused(open, 'never closed');
  assert.equal(open.line, 2, open.message);

  // Over 8 MB: profiled by worker threads, in segments; a ragged row near the end keeps its line.
  const random = createRandom(SEED + 4);
  let text = 'a,b,c\n';
  while (text.length < 9 * 1024 * 1024) {
    const line = `${random.int(1000)},${pick(random, ['x', '"q,\r\nq"', 'y'])},${random.int(9)}`;
    const ending = pick(random, ['\n', '\r\n', '\r']);
    text += line + ending;
  }
  const raggedLine = 1 + lineBreaks(text);
  text += '1,2,3,4\n5,6,7\n';
  const parallel = await ingest('9 MB mixed endings, ragged row at the end', text);
  expectRefused(parallel, '9 MB ragged');
  assert.equal(parallel.line, raggedLine, parallel.message);
});

test('files that are not files, or not there, are refused cleanly', async () => {
  await withTempDir(async (dir) => {
    const missing = join(dir, 'nope.csv');
    await assert.rejects(
      ingestCsv(missing, { datasetsDir }),
      (error: unknown) => isPodiumError(error) && error.code === 'NOT_FOUND',
    );
    await assert.rejects(
      ingestCsv(dir, { datasetsDir }),
      (error: unknown) => isPodiumError(error) && error.code === 'USAGE',
    );
    assert.deepEqual(await filesIn(join(dir, 'datasets')), []);
  });
});
