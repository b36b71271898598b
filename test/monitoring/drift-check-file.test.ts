import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { generateSampleData } from '../../main/data/index.js';
import { checkDrift } from '../../main/monitoring/drift-check.js';
import { sampleRowIndices } from '../../main/monitoring/prediction-sample.js';
import { type ApiFixture, apiFixtureWithChampion, sampleChampion } from '../api/api-fixture.js';

let fixture: ApiFixture;
let dir: string;

before(async () => {
  fixture = await apiFixtureWithChampion();
  dir = await mkdtemp(join(tmpdir(), 'podium-drift-file-'));
});
after(async () => {
  await fixture.cleanup();
  await rm(dir, { recursive: true, force: true });
});

const champion = () => sampleChampion(fixture);

/** The same file checked as a file (typed columns, read once) and as its stored snapshot (loadTable, every row scored). */
async function bothWays(name: string, csv: string) {
  const file = join(dir, name);
  await writeFile(file, csv);
  const { stores } = fixture.api.context;
  const steps: string[] = [];
  const fromFile = await checkDrift(fixture.workspace, stores, {
    version: champion(),
    source: { file },
    onProgress: (progress) => steps.push(progress.step),
  });
  // Byte progress of the read comes as `read` events, as many as the file's size asks for.
  const phases = steps.filter((step, i) => step !== steps[i - 1]);
  assert.deepEqual(phases, ['reading', 'read', 'scoring', 'statistics', 'done']);
  assert.ok(fromFile.datasetId);
  const dataset = stores.datasets.get(fromFile.datasetId);
  assert.ok(dataset, 'the file is kept as a dataset snapshot');
  const fromSnapshot = await checkDrift(fixture.workspace, stores, {
    version: champion(),
    source: { dataset },
  });
  return { fromFile, fromSnapshot, dataset };
}

test('a file read into columns gives the same feature statistics as its snapshot read row by row', async () => {
  const { fromFile, fromSnapshot } = await bothWays(
    'drift.csv',
    generateSampleData({ samples: 3000, drift: true, seed: 11 }),
  );
  assert.equal(fromFile.rows, 3000);
  assert.deepEqual(fromFile.report.features, fromSnapshot.report.features);
  // Few rows: every one is scored, so the prediction's statistics agree too.
  assert.deepEqual(fromFile.report.prediction, fromSnapshot.report.prediction);
  const sample = fromFile.report.predictionSample;
  assert.ok(sample);
  assert.equal(sample.rows, 3000);
  assert.equal(sample.of, 3000);
  assert.equal(sample.dkwBound, 0);
  assert.equal(fromSnapshot.report.predictionSample, undefined);
});

test('on a large file the prediction is scored on a seeded sample whose KS stays within the stated bound', async () => {
  const { fromFile, fromSnapshot } = await bothWays(
    'large.csv',
    generateSampleData({ samples: 30_000, drift: true, seed: 12 }),
  );
  const sample = fromFile.report.predictionSample;
  assert.ok(sample);
  assert.equal(sample.rows, 10_000);
  assert.equal(sample.of, 30_000);
  assert.equal(sample.confidence, 0.95);
  // DKW at n = 10,000, α = 0.05: √(ln 40 / 20,000).
  assert.ok(Math.abs(sample.dkwBound - Math.sqrt(Math.log(40) / 20_000)) < 1e-12);
  assert.ok(sample.ksCritical !== null && sample.ksCritical > 0);
  assert.deepEqual(fromFile.report.features, fromSnapshot.report.features);
  const sampled = fromFile.report.prediction?.statistics.ks;
  const full = fromSnapshot.report.prediction?.statistics.ks;
  assert.ok(sampled !== undefined && full !== undefined);
  assert.notEqual(sampled, full, 'a sample, not every row');
  assert.ok(Math.abs(sampled - full) <= sample.dkwBound, `|${sampled} − ${full}| ≤ ${sample.dkwBound}`);
});

for (const [where, rows] of [
  ['deep in', [2500, 2700, 2900]],
  // Among the first rows, where the reader decides how to store the column: the model's own
  // type (numbers) wins over a few bad cells, which stay mismatches, not a schema change.
  ['among the first rows of', [5, 40, 1200]],
] as const) {
  test(`text ${where} a number column is reported as type mismatches of that feature, not an error`, async () => {
    const lines = generateSampleData({ samples: 3000, drift: true, seed: 13 }).trim().split('\n');
    const header = lines[0].split(',');
    const age = header.indexOf('age');
    for (const row of rows) {
      const cells = lines[row].split(',');
      cells[age] = 'unknown';
      lines[row] = cells.join(',');
    }
    const file = join(dir, `mismatch-${rows[0]}.csv`);
    await writeFile(file, `${lines.join('\n')}\n`);
    const stored = await checkDrift(fixture.workspace, fixture.api.context.stores, {
      version: champion(),
      source: { file },
    });
    const feature = stored.report.features.find((f) => f.name === 'age');
    assert.ok(feature);
    assert.equal(feature.kind, 'numeric');
    assert.equal(feature.statistics.type_mismatches, 3);
    assert.equal(feature.missingCurrent, 3);
    assert.match(stored.report.summary, /Type mismatches \(read as missing\): age 3\./);
    assert.notEqual(feature.decidedBy, 'schema');
  });
}

test('the sample is uniform, distinct, ascending and the same for the same seed', () => {
  const rows = sampleRowIndices(1_000_000, 20_000, 7);
  assert.equal(rows.length, 20_000);
  assert.deepEqual(rows, sampleRowIndices(1_000_000, 20_000, 7));
  for (let i = 1; i < rows.length; i++) assert.ok(rows[i] > rows[i - 1]);
  // Each tenth of the file holds about a tenth of the sample (binomial sd ≈ 42).
  const tenths = new Array(10).fill(0);
  for (const row of rows) tenths[Math.floor(row / 100_000)]++;
  for (const count of tenths) assert.ok(Math.abs(count - 2000) < 250, `${tenths}`);
  assert.deepEqual(Array.from(sampleRowIndices(5, 20_000, 7)), [0, 1, 2, 3, 4]);
});
