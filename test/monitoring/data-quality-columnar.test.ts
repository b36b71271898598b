import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createRandom } from '../../main/common/random.js';
import type { DataQualityCheck, FeatureDrift } from '../../main/contract/index.js';
import { type ColumnarTable, readCsvColumns } from '../../main/data/columnar/index.js';
import type { CsvReading } from '../../main/data/index.js';
import { completeDriftReport } from '../../main/monitoring/column-coverage/index.js';
import { type ColumnCells, columnarCells } from '../../main/monitoring/data-quality/index.js';
import { unseenLabels } from '../../main/monitoring/data-quality/unseen-labels.js';
import {
  buildReferenceDistribution,
  type DriftReport,
  detectDrift,
} from '../../main/monitoring/drift/index.js';
import type { ModelSignature } from '../../main/training/types.js';

/**
 * The data-quality checks and the every-column entries of a file read into typed columns take
 * their missing counts from the reader and count category codes once; counting every cell again
 * must give the very same entries. The current file plants each problem at known rows, counted
 * as they are written, so a count off by one fails below.
 */
const TRAINING_ROWS = 2000;
const ROWS = 3000;
const DAY_MS = 86_400_000;
const JAN_1_2024 = Date.UTC(2024, 0, 1);

let dir: string;
let trainingFile: string;
let training: { table: ColumnarTable; reading: CsvReading };
let current: ColumnarTable;

/** What was planted in the current file. */
const planted = {
  amountEmpty: 0,
  amountMismatch: 0,
  amountOutside: 0,
  segmentEmpty: 0,
  segmentUnseen: 0,
  openedEmpty: 0,
  openedAfter: 0,
  openedBefore: 0,
  closedEmpty: 0,
  spareFilled: 0,
};

/** A seeded uniform generator, so the files are the same on every run. */
const random = (seed: number): (() => number) => createRandom(seed).next;

const day = (offset: number) => new Date(JAN_1_2024 + offset * DAY_MS).toISOString().slice(0, 10);
const HEADER = 'customer,amount,segment,opened,closed,channel,spare,target';

function trainingCsv(): string {
  const next = random(11);
  const lines = [HEADER];
  for (let i = 0; i < TRAINING_ROWS; i++) {
    const amount = i % 97 === 3 ? '' : (100 + 900 * next()).toFixed(2);
    const segment = i % 50 === 7 ? '' : 'ABC'[i % 3];
    lines.push([`T${i}`, amount, segment, day(i % 180), day(60 + (i % 90)), 'web', '', i % 2].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Labels training never held, in the order their first rows come: E, D, G, then F. */
function unseenLabel(i: number): string | null {
  if (i === 10 || (i > 10 && i % 400 === 10)) return 'E';
  if (i % 150 === 20) return 'D';
  if (i === 30 || i === 2500) return 'G';
  if (i === 2900) return 'F';
  return null;
}

function currentCsv(): string {
  const next = random(12);
  const lines = [HEADER];
  for (let i = 0; i < ROWS; i++) {
    let amount = (100 + 900 * next()).toFixed(2);
    if (i % 81 === 5) {
      amount = '';
      planted.amountEmpty++;
    } else if (i % 271 === 7) {
      amount = 'abc';
      planted.amountMismatch++;
    } else if (i % 127 === 3) {
      amount = i % 2 === 0 ? '5000' : '-400';
      planted.amountOutside++;
    }
    let segment = 'ABC'[i % 3];
    const unseen = unseenLabel(i);
    if (i % 60 === 1) {
      segment = '';
      planted.segmentEmpty++;
    } else if (unseen !== null) {
      segment = unseen;
      planted.segmentUnseen++;
    }
    let opened = day(i % 180);
    if (i % 300 === 6) {
      opened = '';
      planted.openedEmpty++;
    } else if (i % 170 === 2) {
      opened = day(250 + (i % 20));
      planted.openedAfter++;
    } else if (i % 700 === 4) {
      opened = day(-5);
      planted.openedBefore++;
    }
    // A date column that now holds text: every filled cell is a type mismatch.
    let closed = i % 500 === 9 ? 'soon' : day(60 + (i % 90));
    if (i % 400 === 11) {
      closed = '';
      planted.closedEmpty++;
    }
    const spare = i % 433 === 0 ? 'x' : '';
    if (spare !== '') planted.spareFilled++;
    lines.push([`C${i}`, amount, segment, opened, closed, 'web', spare, i % 2].join(','));
  }
  return `${lines.join('\n')}\n`;
}

const signature: ModelSignature = {
  inputs: [{ name: 'amount', type: 'number' }],
  output: { name: 'target', type: 'binary', classes: ['0', '1'] },
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'podium-quality-columnar-'));
  trainingFile = join(dir, 'training.csv');
  await writeFile(trainingFile, trainingCsv());
  const currentFile = join(dir, 'current.csv');
  await writeFile(currentFile, currentCsv());
  const read = await readCsvColumns(trainingFile);
  training = { table: read.table, reading: read.reading };
  // As the drift check reads a file: the model's number inputs stay numbers despite stray text.
  current = (await readCsvColumns(currentFile, { expectedNumbers: new Set(['amount']) })).table;
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The model input's drift, as the drift check makes it before the other columns are added. */
function inputsReport(): DriftReport {
  const amountOf = (table: ColumnarTable) => columnarCells(table, 'amount')?.numbers ?? new Float64Array(0);
  const reference = buildReferenceDistribution([
    { name: 'amount', kind: 'numeric', values: amountOf(training.table) },
  ]);
  return detectDrift(reference, {
    columns: [{ name: 'amount', kind: 'numeric', values: amountOf(current) }],
  });
}

/** The cells without the reader's counts: every check counts the NaN and −1 cells itself. */
function counted(cells: ColumnCells | null): ColumnCells | null {
  if (cells === null) return null;
  const { missing: _reader, ...rest } = cells;
  return rest;
}

function complete(cells: (name: string) => ColumnCells | null): Promise<DriftReport> {
  return completeDriftReport(inputsReport(), {
    training: { path: trainingFile, profile: training.table.profile, reading: training.reading },
    current: {
      rows: current.rowCount,
      cells,
      names: current.columns.map((column) => column.name),
      onlyModelInputs: false,
    },
    signature,
    options: {},
  });
}

function quality(checks: readonly DataQualityCheck[] | undefined, column: string, check: string) {
  const found = checks?.find((entry) => entry.column === column && entry.check === check);
  assert.ok(found, `no ${check} check of ${column}`);
  return found;
}

function feature(features: readonly FeatureDrift[], name: string): FeatureDrift {
  const found = features.find((entry) => entry.name === name);
  assert.ok(found, `no entry for ${name}`);
  return found;
}

test('the reader keeps the counts the checks need: missing = empty + unreadable cells', () => {
  const amount = columnarCells(current, 'amount');
  assert.equal(amount?.kind, 'number');
  assert.equal(amount?.mismatches, planted.amountMismatch);
  assert.equal(amount?.missing, planted.amountEmpty + planted.amountMismatch);
  assert.equal(columnarCells(current, 'segment')?.missing, planted.segmentEmpty);
  assert.equal(columnarCells(current, 'opened')?.missing, planted.openedEmpty);
  for (const column of current.columns) {
    const cells = columnarCells(current, column.name);
    assert.ok(cells);
    assert.equal(cells.missing, countedMissing(cells), column.name);
  }
});

function countedMissing(cells: ColumnCells): number {
  let missing = 0;
  if (cells.numbers) for (const value of cells.numbers) missing += Number.isNaN(value) ? 1 : 0;
  else if (cells.codes) for (const code of cells.codes) missing += code < 0 ? 1 : 0;
  return missing;
}

test('the typed columns give the same data-quality and column entries as counting every cell', async () => {
  const fast = await complete((name) => columnarCells(current, name));
  const slow = await complete((name) => counted(columnarCells(current, name)));
  assert.deepEqual(fast.dataQuality, slow.dataQuality);
  assert.deepEqual(fast.dataQualityReference, slow.dataQualityReference);
  assert.deepEqual(fast.features, slow.features);
  assert.equal(fast.summary, slow.summary);
});

test('each planted problem is counted exactly', async () => {
  for (const [name, count] of Object.entries(planted)) assert.ok(count > 0, `${name} was never planted`);
  const report = await complete((name) => columnarCells(current, name));
  const checks = report.dataQuality;

  const amountFilled = ROWS - planted.amountEmpty;
  assert.equal(quality(checks, 'amount', 'missing_rate').value, planted.amountEmpty / ROWS);
  assert.equal(
    quality(checks, 'amount', 'out_of_range').value,
    planted.amountOutside / (amountFilled - planted.amountMismatch),
  );
  const mismatch = quality(checks, 'amount', 'type_mismatch');
  assert.equal(mismatch.value, planted.amountMismatch / amountFilled);
  assert.match(mismatch.reason, new RegExp(`^${planted.amountMismatch} of ${amountFilled} filled`));

  assert.equal(quality(checks, 'segment', 'missing_rate').value, planted.segmentEmpty / ROWS);
  const unseen = quality(checks, 'segment', 'unseen_category');
  assert.equal(unseen.value, planted.segmentUnseen / (ROWS - planted.segmentEmpty));
  assert.match(unseen.reason, /\(e\.g\. "E", "D", "G"\)/);

  const openedFilled = ROWS - planted.openedEmpty;
  assert.equal(quality(checks, 'opened', 'missing_rate').value, planted.openedEmpty / ROWS);
  assert.equal(quality(checks, 'opened', 'type_mismatch').value, 0);
  const opened = feature(report.features, 'opened');
  assert.equal(opened.nCurrent, openedFilled);
  assert.equal(opened.missingCurrent, planted.openedEmpty);
  assert.equal(opened.rangeCheck?.outsideShare, (planted.openedAfter + planted.openedBefore) / openedFilled);

  // `closed` holds text now: it reads as labels, and every filled cell is no date.
  const closedFilled = ROWS - planted.closedEmpty;
  assert.equal(quality(checks, 'closed', 'missing_rate').value, planted.closedEmpty / ROWS);
  const closed = quality(checks, 'closed', 'type_mismatch');
  assert.equal(closed.value, 1);
  assert.match(closed.reason, new RegExp(`^${closedFilled} of ${closedFilled} filled`));
  assert.equal(feature(report.features, 'closed').missingCurrent, ROWS);

  const spare = feature(report.features, 'spare');
  assert.equal(spare.nCurrent, planted.spareFilled);
  assert.equal(spare.missingCurrent, ROWS - planted.spareFilled);
});

test('unseen labels: counted by code, examples the first new labels in row order, not dictionary order', () => {
  const dictionary = ['x', 'y', 'z', 'w', 'v'];
  // 'w' is in the dictionary but in no row; 'z' comes before 'y' in the rows.
  const codes = Int32Array.from([0, -1, 2, 0, 1, 2, -1, 4, 1, 0]);
  const result = unseenLabels(codes, dictionary, new Set(['x']));
  assert.deepEqual(result, { filled: 8, unseen: 5, examples: ['z', 'y', 'v'] });
  assert.deepEqual(unseenLabels(codes, dictionary, new Set(['x', 'y', 'z', 'v'])), {
    filled: 8,
    unseen: 0,
    examples: [],
  });
  assert.deepEqual(unseenLabels(new Int32Array(3).fill(-1), dictionary, new Set()), {
    filled: 0,
    unseen: 0,
    examples: [],
  });
});
