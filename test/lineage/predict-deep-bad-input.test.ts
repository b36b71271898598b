import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PODIUM_BIN, podium } from '../helpers/cli.js';
import { assertNoCrash, tableRows } from '../helpers/cli-refusal.js';

/**
 * `podium predict` on files that go wrong far from their start (row 120,000: 6.7 MB, seven read
 * chunks and twelve scored chunks in), as the real executable: the message names the file and the line, and
 * nothing is left — no output, no temporary file beside it, no prediction in lineage.
 */
const WALMART = fileURLToPath(new URL('../../../data/walmart.csv', import.meta.url));
const BAD_ROW = 120_000;
const ROWS = 121_000;

let dir = '';
let workspace = '';
let header = '';
let records: string[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'podium-predict-deep-'));
  workspace = join(dir, 'workspace');
  [header, ...records] = (await readFile(WALMART, 'utf8')).trim().split('\n');
  const trained = podium(
    [
      'train',
      '--data',
      WALMART,
      '--target',
      'Weekly_Sales',
      '--model-type',
      'linear',
      '--model',
      'sales',
      '--workspace',
      workspace,
    ],
    { cwd: dir },
  );
  assert.equal(trained.status, 0, trained.stderr);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The Walmart rows repeated; `replace` gives row BAD_ROW (1-based, after the header) instead. */
async function writeRows(name: string, rows: number, replace?: string): Promise<string> {
  const lines = [header];
  for (let row = 1; row <= rows; row++) {
    lines.push(row === BAD_ROW && replace !== undefined ? replace : records[(row - 1) % records.length]);
  }
  const file = join(dir, name);
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

/** `podium predict` with the trained model, from `input` to `output`. */
function predict(input: string, output: string) {
  return podium(
    ['predict', '--model', 'sales:1', '--input', input, '--output', output, '--workspace', workspace],
    { cwd: dir },
  );
}

/** A folder of its own per case, so "nothing beside the output" is checked exactly. */
async function outputIn(name: string): Promise<{ folder: string; output: string }> {
  const folder = join(dir, `out-${name}`);
  await mkdir(folder);
  return { folder, output: join(folder, 'scored.csv') };
}

async function assertNothingKept(folder: string): Promise<void> {
  assert.deepEqual(await readdir(folder), [], 'no output and no temporary file');
  assert.equal(tableRows(join(workspace, 'podium.db'), 'predictions'), 0);
}

test('a row whose field count changes at row 120,000 is refused with its line', async () => {
  const input = await writeRows('ragged.csv', ROWS, '1,05-02-2010,1643690.9,0,42.31,2.572');
  const { folder, output } = await outputIn('ragged');
  const result = predict(input, output);
  assert.equal(result.status, 1, result.stderr);
  assertNoCrash(result.stderr);
  assert.match(result.stderr, new RegExp(`${input}, line ${BAD_ROW + 1}: .*6 fields.*header has 8`));
  await assertNothingKept(folder);
});

test('a value the model cannot read at row 120,000 is refused with its line and column', async () => {
  const input = await writeRows('typo.csv', ROWS, '1,05-02-2010,1643690.9,0,hot,2.572,211.0963582,8.106');
  const { folder, output } = await outputIn('typo');
  const result = predict(input, output);
  assert.equal(result.status, 1, result.stderr);
  assertNoCrash(result.stderr);
  assert.ok(result.stderr.includes(input), result.stderr);
  assert.match(result.stderr, new RegExp(`1 row holds a value .*line ${BAD_ROW + 1}: .*Temperature.*"hot"`));
  await assertNothingKept(folder);
});

test('a disk that fills up while the output is written: named, non-zero exit, nothing kept', async () => {
  const input = await writeRows('good.csv', records.length * 8);
  const { folder, output } = await outputIn('full');
  // A file-size limit of 1 MB on the process: Node ignores SIGXFSZ, so writes past it fail with EFBIG.
  const limited = spawnSync(
    'bash',
    [
      '-c',
      'ulimit -f 1024; exec "$0" "$@"',
      process.execPath,
      PODIUM_BIN,
      'predict',
      '--model',
      'sales:1',
      '--input',
      input,
      '--output',
      output,
      '--workspace',
      workspace,
    ],
    { cwd: dir, encoding: 'utf8', timeout: 120_000 },
  );
  assert.equal(limited.status, 1, limited.stderr);
  assertNoCrash(limited.stderr);
  assert.ok(limited.stderr.includes(`Could not write ${output}`), limited.stderr);
  assert.match(limited.stderr, /file-size limit.*nothing was kept/);
  await assertNothingKept(folder);
});
