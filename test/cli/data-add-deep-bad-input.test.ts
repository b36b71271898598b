import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PODIUM_BIN, podium } from '../helpers/cli.js';
import { assertNoCrash, tableRows } from '../helpers/cli-refusal.js';

/**
 * `podium data add` on files that go wrong far from their start (row 200,000, four megabytes and
 * several read chunks in), as the real executable: the message names the file and the line or
 * column, and nothing is left in the workspace — no snapshot, no temporary file, no dataset row.
 */
const BAD_ROW = 200_000;
const ROWS = 210_000;

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'podium-deep-bad-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `amount,kind,score` rows; `replace` gives row `BAD_ROW` (1-based, after the header) instead. */
async function writeRows(name: string, replace?: string): Promise<string> {
  const lines = ['amount,kind,score'];
  for (let row = 1; row <= ROWS; row++) {
    lines.push(
      row === BAD_ROW && replace !== undefined
        ? replace
        : `${row % 9973}.${row % 10},k${row % 7},${row % 101}`,
    );
  }
  const file = join(dir, name);
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

/** The workspace holds no snapshot, no leftover and no dataset row. */
async function assertNothingKept(workspace: string): Promise<void> {
  const datasets = await readdir(join(workspace, 'datasets')).catch(() => []);
  assert.deepEqual(datasets, [], 'datasets/ is empty');
  assert.equal(tableRows(join(workspace, 'podium.db'), 'datasets'), 0);
}

test('a row whose field count changes at row 200,000 is refused with its line, nothing kept', async () => {
  const file = await writeRows('ragged.csv', '1.5,k1,7,extra');
  const workspace = join(dir, 'ws-ragged');
  const result = podium(['data', 'add', file, '--workspace', workspace], { cwd: dir });
  assert.equal(result.status, 1, result.stderr);
  assertNoCrash(result.stderr);
  assert.match(result.stderr, new RegExp(`${file}, line ${BAD_ROW + 1}: .*4 fields.*header has 3`));
  await assertNothingKept(workspace);
});

test('a value that is no number at row 200,000 of a number column: kept as text and named', async () => {
  const file = await writeRows('typo.csv', '12.5kg,k1,7');
  const workspace = join(dir, 'ws-typo');
  const result = podium(['data', 'add', file, '--workspace', workspace, '--json'], { cwd: dir });
  assert.equal(result.status, 0, result.stderr);
  assertNoCrash(result.stderr);
  const dataset = JSON.parse(result.stdout) as {
    id: string;
    profile: { rows: number; columns: { name: string; type: string; almost_numeric?: unknown }[] };
  };
  assert.equal(dataset.profile.rows, ROWS);
  const amount = dataset.profile.columns.find((column) => column.name === 'amount');
  // Every value was read (types come from the whole file, not a sample): one text cell makes
  // the column text, and the profile says which cell keeps it from being numbers.
  assert.equal(amount?.type, 'text');
  assert.deepEqual(amount?.almost_numeric, { not_numbers: 1, values: ['12.5kg'] });
  const text = podium(['data', 'show', dataset.id, '--workspace', workspace], { cwd: dir });
  assert.equal(text.status, 0, text.stderr);
  assert.match(
    text.stdout,
    /column "amount": 1 of 210000 values is not a number \("12\.5kg"\); read as text/,
  );
});

test('a disk that fills up while the snapshot is written: named, non-zero exit, nothing kept', async () => {
  const file = await writeRows('good.csv');
  const workspace = join(dir, 'ws-full');
  // The workspace (database, folders) exists before the limit, as on a disk that fills up later.
  assert.equal(podium(['data', 'list', '--workspace', workspace], { cwd: dir }).status, 0);
  // A file-size limit of 1 MB on the process: Node ignores SIGXFSZ, so writes past it fail with EFBIG.
  const limited = spawnSync(
    'bash',
    [
      '-c',
      'ulimit -f 1024; exec "$0" "$@"',
      process.execPath,
      PODIUM_BIN,
      'data',
      'add',
      file,
      '--workspace',
      workspace,
    ],
    { cwd: dir, encoding: 'utf8', timeout: 120_000 },
  );
  assert.equal(limited.status, 1, limited.stderr);
  assertNoCrash(limited.stderr);
  assert.match(limited.stderr, /Could not write .*datasets.*file-size limit.*nothing was kept/);
  assert.ok(limited.stderr.includes(file), `names the file being added: ${limited.stderr}`);
  await assertNothingKept(workspace);
});
