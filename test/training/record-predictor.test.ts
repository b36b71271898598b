import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createRandom, type Random } from '../../main/common/random.js';
import { ingestCsv, tableFromRecords, writeSampleData } from '../../main/data/index.js';
import type { DatasetSnapshot } from '../../main/data/types.js';
import { encode, type Preprocessing } from '../../main/features/index.js';
import { compileRecordEncoder, type RecordEncoder } from '../../main/features/record-encoder.js';
import {
  FAMILY_FILE,
  familyFor,
  generateModelConfig,
  type LinearModel,
  loadPredictor,
  MODEL_DIR,
  type Predictor,
  trainInProcess,
} from '../../main/training/index.js';
import { buildDesign, computeMargins } from '../../main/training/linear/design.js';
import { marginsToOutput } from '../../main/training/linear/objective.js';
import { compileRecordPath, RECORD_PATH_MAX_ROWS } from '../../main/training/record-predictor.js';
import type { FittedModel, InputFeature, ModelFamilyName, Task } from '../../main/training/types.js';
import { churnCsv } from './fixtures.js';

/**
 * The per-record fast path must be indistinguishable from the table path it short-cuts:
 * tableFromRecords → encode → predictRaw → decodePrediction. Records are real rows with their
 * cells knocked about the way clients do (numbers as text, nulls, missing keys, unseen labels,
 * the wrong but accepted type), and every number is compared exactly.
 */
type Case = {
  name: string;
  dataset: 'churn' | 'sample' | 'flags';
  target: string;
  task: Task;
  /** Input types changed from the generated config, to cover a column read as another kind. */
  retype?: Record<string, InputFeature['type']>;
};

const CASES: Case[] = [
  { name: 'binary, yes/no levels', dataset: 'churn', target: 'churn', task: 'binary' },
  {
    name: '3-class',
    dataset: 'churn',
    target: 'plan',
    task: 'category',
    retype: { age: 'category', member: 'category' },
  },
  { name: 'regression', dataset: 'churn', target: 'income', task: 'number', retype: { member: 'number' } },
  {
    name: 'binary, numeric levels',
    dataset: 'sample',
    target: 'target',
    task: 'binary',
    retype: { num_late_payments: 'category' },
  },
  { name: 'binary, 0/1 and True/False inputs', dataset: 'flags', target: 'outcome', task: 'binary' },
];
const FAMILIES: ModelFamilyName[] = ['linear', 'ecd'];
const RECORDS = 300;

type Outcome = Awaited<ReturnType<Predictor['predictRecords']>>;

describe('predictRecords on few records (the per-record path)', () => {
  let dir: string;
  const snapshots = new Map<Case['dataset'], DatasetSnapshot>();
  const lines = new Map<Case['dataset'], Record<string, string>[]>();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'podium-record-predictor-'));
    await writeFile(join(dir, 'churn.csv'), churnCsv(400, 11));
    const sample = await writeSampleData({ samples: 500, drift: false, seed: 42, outputDir: dir });
    await writeFile(join(dir, 'flags.csv'), flagsCsv(400));
    for (const [dataset, file, target] of [
      ['churn', join(dir, 'churn.csv'), 'churn'],
      ['sample', sample, 'target'],
      ['flags', join(dir, 'flags.csv'), 'outcome'],
    ] as const) {
      snapshots.set(dataset, await ingestCsv(file, { datasetsDir: join(dir, 'datasets'), target }));
      lines.set(dataset, await csvRecords(file));
    }
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const family of FAMILIES) {
    for (const testCase of CASES) {
      test(`${family}, ${testCase.name}: same outputs as the table path, batches of 1 and 10`, async () => {
        const snapshot = snapshots.get(testCase.dataset)!;
        const packageDir = join(dir, `${family}-${testCase.dataset}-${testCase.target}`);
        const config = generateModelConfig(snapshot.profile, testCase.target, { modelType: family });
        assert.equal(config.output_features[0].type, testCase.task);
        for (const input of config.input_features) {
          const type = testCase.retype?.[input.name];
          if (type !== undefined) input.type = type;
        }
        if (family === 'ecd') config.trainer.epochs = 2;
        await trainInProcess({ config, datasetPath: snapshot.path, profile: snapshot.profile, packageDir });
        const predictor = await loadPredictor(packageDir);
        const model = await loadModel(packageDir);
        try {
          const pre = predictor.preprocessing;
          const random = createRandom(RECORDS + testCase.name.length);
          const records = lines
            .get(testCase.dataset)!
            .slice(0, RECORDS)
            .map((line) => knockAbout(line, pre, random));

          const path = compileRecordPath(pre, model);
          assert.ok(path, 'the per-record path compiles for this preprocessing');
          let unseen = 0;
          for (const size of [1, 10, RECORD_PATH_MAX_ROWS]) {
            for (let start = 0; start < records.length; start += size) {
              const batch = records.slice(start, start + size);
              const expected = await viaTable(predictor, batch);
              assert.ok(path.accepts(batch));
              assert.deepEqual(await path.predict(batch), expected, `rows ${start}..${start + size - 1}`);
              assert.deepEqual(await predictor.predictRecords(batch), expected);
              unseen += expected.unseenCategories;
            }
          }
          assert.ok(unseen > 0, 'the records include labels the model never saw');
          assert.equal(path.accepts(records.slice(0, RECORD_PATH_MAX_ROWS + 1)), false);
          assert.deepEqual(
            await predictor.predictRecords(records.slice(0, 40)),
            await viaTable(predictor, records.slice(0, 40)),
          );

          // Requests overlapping in time must not share scratch buffers.
          const singles = records.slice(0, 24).map((record) => [record]);
          const together = await Promise.all(singles.map((batch) => predictor.predictRecords(batch)));
          for (let i = 0; i < singles.length; i++) {
            assert.deepEqual(together[i], await viaTable(predictor, singles[i]));
          }
        } finally {
          predictor.dispose();
          model.dispose();
        }
      });
    }
  }

  test('the record encoder writes exactly what encode writes, into a reused matrix', async () => {
    const snapshot = snapshots.get('sample')!;
    const packageDir = join(dir, 'encoder');
    const config = generateModelConfig(snapshot.profile, 'target', { modelType: 'linear' });
    await trainInProcess({ config, datasetPath: snapshot.path, profile: snapshot.profile, packageDir });
    const predictor = await loadPredictor(packageDir);
    const pre = predictor.preprocessing;
    const compiled = compileRecordEncoder(pre);
    assert.ok(compiled, 'the preprocessing compiles');
    const encoder: RecordEncoder = compiled;
    const random = createRandom(5);
    const records = lines
      .get('sample')!
      .slice(0, RECORDS)
      .map((line) => knockAbout(line, pre, random));
    const reused = encoder.createMatrix(10);
    reused.numeric.fill(Number.NaN);
    for (const codes of reused.categorical) codes.fill(-7);
    for (let start = 0; start < records.length; start += 10) {
      const batch = records.slice(start, start + 10);
      const expected = encode(pre, tableFromRecords(batch, { rows: batch.length, columns: pre.columns }));
      const counts = encoder.encodeInto(batch, reused);
      assert.equal(counts.unseenCategories, expected.unseenCategories);
      assert.deepEqual(counts.unseenByFeature, expected.unseenByFeature);
      assert.deepEqual(reused.numericNames, expected.x.numericNames);
      assert.deepEqual(reused.categoricalNames, expected.x.categoricalNames);
      assert.deepEqual(reused.categoricalCardinalities, expected.x.categoricalCardinalities);
      sameNumbers(reused.numeric, expected.x.numeric, `numeric, rows ${start}..`);
      reused.categorical.forEach((codes, c) => {
        sameNumbers(codes, expected.x.categorical[c], `${reused.categoricalNames[c]}, rows ${start}..`);
      });
    }
    predictor.dispose();
  });

  test('encode over a whole table (the batch encoder) writes what the record encoder writes row by row', async () => {
    for (const [dataset, target] of [
      ['churn', 'plan'],
      ['sample', 'target'],
      ['flags', 'outcome'],
    ] as const) {
      const snapshot = snapshots.get(dataset)!;
      const packageDir = join(dir, `batch-encoder-${dataset}`);
      const config = generateModelConfig(snapshot.profile, target, { modelType: 'linear' });
      if (dataset === 'churn') {
        for (const input of config.input_features) if (input.name === 'age') input.type = 'category';
      }
      await trainInProcess({ config, datasetPath: snapshot.path, profile: snapshot.profile, packageDir });
      const predictor = await loadPredictor(packageDir);
      const pre = predictor.preprocessing;
      const encoder = compileRecordEncoder(pre);
      assert.ok(encoder, 'the preprocessing compiles');
      const random = createRandom(23);
      // Rows repeat (as a million rows repeat their dates and labels), so remembered cells are reused.
      const source = lines.get(dataset)!.slice(0, RECORDS);
      const records = [...source, ...source].map((line) => knockAbout(line, pre, random));
      const batch = encode(pre, tableFromRecords(records, { rows: records.length, columns: pre.columns }));
      const one = encoder.createMatrix(1);
      let unseen = 0;
      records.forEach((record, row) => {
        unseen += encoder.encodeInto([record], one).unseenCategories;
        const width = one.numericWidth;
        sameNumbers(
          one.numeric,
          batch.x.numeric.subarray(row * width, (row + 1) * width),
          `${dataset} row ${row}`,
        );
        one.categorical.forEach((codes, c) => {
          assert.equal(
            codes[0],
            batch.x.categorical[c][row],
            `${dataset} row ${row} ${one.categoricalNames[c]}`,
          );
        });
      });
      assert.equal(batch.unseenCategories, unseen);
      predictor.dispose();
    }
  });

  test('linear predictRaw gives bit for bit what the design-matrix computation gives', async () => {
    for (const target of ['churn', 'plan', 'income']) {
      const snapshot = snapshots.get('churn')!;
      const packageDir = join(dir, `design-${target}`);
      const config = generateModelConfig(snapshot.profile, target, { modelType: 'linear' });
      await trainInProcess({ config, datasetPath: snapshot.path, profile: snapshot.profile, packageDir });
      const predictor = await loadPredictor(packageDir);
      const model = (await loadModel(packageDir)) as LinearModel;
      const pre = predictor.preprocessing;
      const random = createRandom(9);
      const records = lines
        .get('churn')!
        .map((line) => knockAbout(line, pre, random))
        .slice(0, RECORDS);
      const { x } = encode(pre, tableFromRecords(records, { rows: records.length, columns: pre.columns }));
      const { intercepts, weights } = model.coefficients();
      const outputs = intercepts.length;
      const blocks = Float64Array.from(intercepts.flatMap((intercept, k) => [intercept, ...weights[k]]));
      const margins = new Float64Array(x.rows * outputs);
      computeMargins(buildDesign(x), blocks, outputs, margins);
      sameNumbers(await model.predictRaw(x), marginsToOutput(predictor.task, margins, outputs), target);
      predictor.dispose();
    }
  });

  test('odd input fails or answers exactly as the table path does', async () => {
    const snapshot = snapshots.get('churn')!;
    const packageDir = join(dir, 'odd');
    const config = generateModelConfig(snapshot.profile, 'churn', { modelType: 'linear' });
    await trainInProcess({ config, datasetPath: snapshot.path, profile: snapshot.profile, packageDir });
    const predictor = await loadPredictor(packageDir);
    await assert.rejects(
      predictor.predictRecords([['not', 'a', 'record'] as unknown as Record<string, unknown>]),
      {
        code: 'DATA_INVALID',
        message: 'record 1 is not an object of column values',
      },
    );
    assert.deepEqual(await predictor.predictRecords([]), await viaTable(predictor, []));
    const polluted = Object.assign(Object.create({ age: 99, plan: 'pro' }) as Record<string, unknown>, {
      income: '55000',
    });
    assert.deepEqual(await predictor.predictRecords([polluted]), await viaTable(predictor, [polluted]));
    assert.deepEqual(await predictor.predictRecords([{}]), await viaTable(predictor, [{}]));
    predictor.dispose();
  });
});

/** The table path, spelled out: what predictRecords answered before the per-record path. */
async function viaTable(predictor: Predictor, records: Record<string, unknown>[]): Promise<Outcome> {
  const pre = predictor.preprocessing;
  const table = tableFromRecords(records, { rows: records.length, columns: pre.columns });
  const { unseenCategories, unseenByFeature } = encode(pre, table);
  return { predictions: await predictor.predictTable(table), unseenCategories, unseenByFeature };
}

async function loadModel(packageDir: string): Promise<FittedModel> {
  const info = JSON.parse(await readFile(join(packageDir, MODEL_DIR, FAMILY_FILE), 'utf8')) as {
    family: ModelFamilyName;
    task: Task;
    classes?: string[];
  };
  const family = await familyFor(info.family);
  return family.load(join(packageDir, MODEL_DIR), {
    task: info.task,
    ...(info.classes ? { classes: info.classes } : {}),
  });
}

/** Binary inputs with 0/1 and True/False levels, and dates written day first with dots. */
function flagsCsv(rows: number): string {
  const random = createRandom(17);
  const lines = ['flag,active,score,kind,seen,outcome'];
  for (let i = 0; i < rows; i++) {
    const flag = random.int(2);
    const active = random.next() < 0.6;
    const score = (random.normal() * 3).toFixed(2);
    const kind = ['a', 'b', 'c', 'd', 'e'][random.int(5)];
    const day = new Date(Date.UTC(2021, 0, 1) + random.int(900) * 86_400_000);
    const seen = `${day.getUTCDate()}.${day.getUTCMonth() + 1}.${day.getUTCFullYear()}`;
    const good = flag + (active ? 1 : 0) + Number(score) / 3 + random.normal() > 1.2;
    lines.push(`${flag},${active ? 'True' : 'False'},${score},${kind},${seen},${good ? 'good' : 'bad'}`);
  }
  return `${lines.join('\n')}\n`;
}

async function csvRecords(file: string): Promise<Record<string, string>[]> {
  const [header, ...rows] = (await readFile(file, 'utf8')).trim().split('\n');
  const names = header.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((cell, i) => [names[i], cell])));
}

const ANY_COLUMN: unknown[] = [
  undefined,
  null,
  '',
  '   ',
  'NA',
  'None',
  'NONE',
  'nan',
  true,
  false,
  {},
  [],
  [3],
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -0,
  0,
  'abc',
];
const NUMBER_CELLS: unknown[] = [
  ' 12.5 ',
  '1e3',
  '0x10',
  '0b1',
  '12abc',
  '+7',
  '.5',
  '-3.25',
  12.5,
  '  -0  ',
  1e308,
  'Infinity',
  '1,000',
  '2',
  2,
  35,
];
const DATE_CELLS: unknown[] = [
  '1.2.2023',
  '31.12.2022',
  '30.2.2023',
  '2023-02-01',
  ' 2022-12-31 ',
  '2024-02-29',
  '2023-02-30',
  '2023-02-01T10:20:30Z',
  '2023-02-01T10:20:30.123456+02:00',
  '2023-02-01 23:59',
  '01-02-2023',
  '02/01/2023',
  '2023-2-1',
  1_675_209_600_000,
  new Date(Date.UTC(2023, 1, 1, 12)),
  new Date(Number.NaN),
  1e20,
];

/**
 * A CSV row as a client might send it: each cell kept as text, turned into a number, or
 * replaced by a value typical of its column's type or of any column.
 */
function knockAbout(
  line: Record<string, string>,
  pre: Preprocessing,
  random: Random,
): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(line)) {
    const profile = pre.columns.find((column) => column.name === name);
    const draw = random.next();
    if (profile === undefined || draw < 0.45) {
      record[name] = text;
      continue;
    }
    if (draw < 0.65) {
      const number = Number(text);
      record[name] = text.trim() !== '' && Number.isFinite(number) ? number : text;
      continue;
    }
    const pool = draw < 0.85 ? typicalCells(pre, name, profile.type) : ANY_COLUMN;
    const value = pool[random.int(pool.length)];
    if (value !== undefined) record[name] = value;
  }
  return record;
}

function typicalCells(pre: Preprocessing, name: string, type: string): unknown[] {
  const input = pre.inputs.find((candidate) => candidate.name === name);
  const labels =
    input?.kind === 'category' ? input.vocabulary : input?.kind === 'binary' ? [...input.levels] : [];
  const variants = labels.flatMap((label) => [label, ` ${label} `, label.toUpperCase(), `${label}.0`]);
  const unseen = ['PURPLE', 'enterprise', 'maybe', 'Yes', 'TRUE', 'true', '1', '1.0', 1, 0, 60, 36.0, 2.5];
  if (type === 'date') return DATE_CELLS;
  if (type === 'numeric' || type === 'integer') return [...NUMBER_CELLS, ...variants];
  return [...variants, ...unseen];
}

function sameNumbers(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      assert.fail(`${label}: index ${i} is ${actual[i]}, expected ${expected[i]}`);
    }
  }
}
