import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { DataQualityCheck, FeatureDrift } from '../../main/contract/index.js';
import { generateSampleData } from '../../main/data/index.js';
import { checkDrift } from '../../main/monitoring/drift-check.js';
import { type ApiFixture, apiFixture, sampleChampion, trainLinearChampion } from '../api/api-fixture.js';
import { podiumEnv, runPodium } from '../helpers/podium-process.js';

/**
 * A training file with the columns a model leaves out — an id, a constant label, a constant
 * number, an empty column — beside the sample data's features and its date; then a fresh sample
 * of the same world (nothing may be flagged) and one with every kind of problem (each flagged).
 */
const MODEL = 'credit-risk';
let fixture: ApiFixture;
let dir: string;

type Row = Record<string, string>;

function rows(csv: string): Row[] {
  const [head, ...lines] = csv.trim().split('\n');
  const names = head.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])));
}

function csvOf(data: Row[]): string {
  const names = Object.keys(data[0]);
  return `${[names.join(','), ...data.map((row) => names.map((name) => row[name]).join(','))].join('\n')}\n`;
}

/** The sample data with an id, two constants and an empty column added. */
function withExtraColumns(csv: string, idPrefix: string): Row[] {
  return rows(csv).map((row, i) => ({
    customer_id: `${idPrefix}${String(i).padStart(5, '0')}`,
    ...row,
    channel: 'web',
    batch: '7',
    notes: '',
  }));
}

before(async () => {
  fixture = apiFixture();
  dir = await mkdtemp(join(tmpdir(), 'podium-drift-every-column-'));
  const training = csvOf(withExtraColumns(generateSampleData({ samples: 1500, drift: false, seed: 3 }), 'T'));
  const dataset = await fixture.client.send('data.ingest', { fileName: 'training.csv', csvText: training });
  await trainLinearChampion(fixture.client, dataset.id);
});
after(async () => {
  await fixture?.cleanup();
  await rm(dir, { recursive: true, force: true });
});

const champion = () => sampleChampion(fixture);

async function check(name: string, data: Row[]) {
  const file = join(dir, name);
  await writeFile(file, csvOf(data));
  return checkDrift(fixture.workspace, fixture.api.context.stores, { version: champion(), source: { file } });
}

const feature = (features: readonly FeatureDrift[], name: string) => {
  const found = features.find((f) => f.name === name);
  assert.ok(found, `no drift entry for ${name}`);
  return found;
};
const quality = (checks: readonly DataQualityCheck[] | undefined, column: string, kind: string) => {
  const found = checks?.find((c) => c.column === column && c.check === kind);
  assert.ok(found, `no ${kind} check of ${column}`);
  return found;
};

test('every training column but the target is reported, marked used_by_model, and a fresh sample raises nothing', async () => {
  const fresh = withExtraColumns(generateSampleData({ samples: 1500, drift: false, seed: 41 }), 'F');
  const { report } = await check('fresh.csv', fresh);
  const names = report.features.map((f) => f.name);
  for (const name of ['customer_id', 'channel', 'batch', 'notes', 'application_date', 'age', 'region']) {
    assert.ok(names.includes(name), `${name} is reported`);
  }
  assert.ok(!names.includes('target'));
  for (const name of ['customer_id', 'channel', 'batch', 'notes']) {
    assert.equal(feature(report.features, name).usedByModel, false, name);
  }
  assert.equal(feature(report.features, 'age').usedByModel, true);
  for (const entry of report.features) {
    assert.ok(
      entry.status === 'ok' || entry.status === 'warning',
      `${entry.name}: ${entry.status} — ${entry.reason}`,
    );
  }
  for (const name of ['customer_id', 'channel', 'batch', 'notes', 'application_date']) {
    assert.equal(feature(report.features, name).status, 'ok', feature(report.features, name).reason);
  }
  assert.equal(report.datasetDrift, false);
  const id = feature(report.features, 'customer_id');
  assert.equal(id.statistics.duplicate_share, 0);
  assert.equal(id.statistics.psi, undefined, 'an id is judged by uniqueness, not by how new its values are');
  assert.equal(feature(report.features, 'channel').statistics.constant_differs_share, 0);
  const date = feature(report.features, 'application_date');
  assert.equal(date.kind, 'date');
  assert.equal(date.rangeCheck?.outsideShare, 0);
  assert.deepEqual(date.rangeCheck?.window, ['2022-01-01', '2023-12-31']);
  // Four checks where they apply, and not one alert.
  assert.ok(report.dataQuality && report.dataQuality.length > 30);
  const alerts = report.dataQuality.filter((c) => c.status === 'alert');
  assert.deepEqual(alerts, []);
  assert.deepEqual(report.dataQualityReference, { rows: 1500, chunks: 10, chunkRows: 150, method: 'chunks' });
  for (const entry of report.dataQuality) {
    assert.ok(Number.isFinite(entry.value) && Number.isFinite(entry.threshold), JSON.stringify(entry));
  }
});

test('a constant that varies, a reused id, dates past the window and each data-quality problem are flagged', async () => {
  const data = withExtraColumns(generateSampleData({ samples: 1500, drift: false, seed: 42 }), 'G');
  data.forEach((row, i) => {
    if (i % 10 < 3) row.channel = 'app'; // 30% off the training constant
    if (i % 2 === 0) row.customer_id = 'G00001'; // half the rows share one id
    if (i % 5 < 2) row.application_date = '2026-03-01'; // 40% after the training window
    if (i % 4 === 0) row.employment_years = ''; // 25% missing, from about 1%
    if (i % 10 === 5) row.annual_income = '900000000'; // 10% far above the training range
    if (i % 10 === 6) row.region = 'mars'; // 10% a region never seen
    if (i % 5 === 0) row.notes = 'call back'; // an empty column filling in
  });
  for (const i of [100, 700, 1400]) data[i].age = 'unknown';
  const file = join(dir, 'problems.csv');
  await writeFile(file, csvOf(data));
  // Once through the real CLI: `podium drift --json` prints the snake_case report.
  const outcome = await runPodium(
    [
      '--workspace',
      fixture.workspace.paths.root,
      'drift',
      '--data',
      file,
      '--model',
      MODEL,
      '--json',
      '--html',
      join(dir, 'problems.html'),
    ],
    { cwd: dir, env: podiumEnv({}) },
  );
  assert.equal(outcome.status, 0, outcome.stderr);
  const printed = JSON.parse(outcome.stdout);
  const report = printed.report;
  const entry = (name: string) => report.features.find((f: { name: string }) => f.name === name);

  const channel = entry('channel');
  assert.equal(channel.used_by_model, false);
  assert.equal(channel.status, 'drift');
  assert.ok(Math.abs(channel.statistics.constant_differs_share - 0.3) < 1e-9);
  assert.equal(channel.statistics.constant_differs_threshold, 3 / 1500);
  assert.match(channel.reason, /Constant in training .*"web".*30% of 1,500 current values differ/);

  const id = entry('customer_id');
  assert.equal(id.status, 'drift');
  assert.ok(id.statistics.duplicate_share > 0.49, id.reason);
  assert.match(id.reason, /uniqueness/);

  const date = entry('application_date');
  assert.equal(date.kind, 'date');
  assert.equal(date.status, 'drift');
  assert.ok(Math.abs(date.range_check.outside_share - 0.4) < 1e-9);
  assert.deepEqual(date.range_check.window, ['2022-01-01', '2023-12-31']);

  const notes = entry('notes');
  assert.equal(notes.status, 'drift');
  assert.ok(Math.abs(notes.statistics.filled_share - 0.2) < 1e-9);

  // The headline counts only the model's inputs.
  const counted = report.features.filter(
    (f: FeatureDrift & { used_by_model?: boolean }) => f.used_by_model && f.kind !== 'date',
  );
  assert.equal(
    report.applicable_features,
    counted.filter((f: FeatureDrift) => f.status !== 'not_applicable').length,
  );
  assert.match(
    report.summary,
    /Columns the model does not read \(reported, not counted in the drift share\)/,
  );

  const checks = report.data_quality as (Omit<DataQualityCheck, 'usedByModel' | 'thresholdLower'> & {
    threshold_lower?: number;
  })[];
  const alert = (column: string, kind: string) => {
    const found = checks.find((c) => c.column === column && c.check === kind);
    assert.ok(found, `no ${kind} check of ${column}`);
    assert.equal(found.status, 'alert', found.reason);
    return found;
  };
  assert.ok(alert('employment_years', 'missing_rate').value > 0.24);
  assert.ok(Math.abs(alert('annual_income', 'out_of_range').value - 0.1) < 1e-9);
  assert.ok(Math.abs(alert('region', 'unseen_category').value - 0.1) < 1e-9);
  assert.equal(alert('age', 'type_mismatch').value, 3 / 1500);
  const notesMissing = alert('notes', 'missing_rate');
  assert.ok(notesMissing.threshold_lower !== undefined && notesMissing.value < notesMissing.threshold_lower);
  // Untouched columns stay quiet.
  for (const column of ['credit_score', 'loan_purpose', 'debt_to_income']) {
    for (const c of checks.filter((c) => c.column === column)) assert.equal(c.status, 'ok', c.reason);
  }
  assert.equal(printed.report.data_quality_reference.method, 'chunks');

  // The HTML page has its data-quality section, alerts first.
  const page = await readFile(join(dir, 'problems.html'), 'utf8');
  assert.match(page, /data-section="data-quality"/);
  assert.match(
    page,
    /<tr data-check="unseen_category" data-column="region"><td>region<\/td><td>unseen category<\/td><td><span class="pill alert">alert<\/span>/,
  );
  assert.match(page, /not used by the model/);

  // The stored report reads back with the same parts.
  const stored = fixture.api.context.stores.driftReports.history(MODEL, 1)[0];
  assert.equal(quality(stored.report.dataQuality, 'region', 'unseen_category').status, 'alert');
  assert.equal(feature(stored.report.features, 'channel').usedByModel, false);
});
