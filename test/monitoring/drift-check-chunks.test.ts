import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PodiumError } from '../../main/contract/errors.js';
import { generateSampleData } from '../../main/data/index.js';
import { cycleChecks } from '../../main/monitoring/cycle-checks.js';
import { checkDrift } from '../../main/monitoring/drift-check.js';
import { type ApiFixture, apiFixtureWithChampion, sampleChampion } from '../api/api-fixture.js';
import { podium } from '../helpers/cli.js';
import { assertFinite } from './drift-fixtures.js';

const MODEL = 'credit-risk';
const WEEKS = 12;
const ROWS_PER_WEEK = 400;
const DAY_MS = 86_400_000;

let fixture: ApiFixture;
let dir: string;
let twelveWeeks: string;

/**
 * Twelve ISO weeks of the training world from Monday 2024-01-01, a date column `d` first; in
 * weeks 9–12 the applicants are 15 years older. Two rows deep in the file have no date and one
 * an unreadable one (among the first rows they would make the reader take the column for text).
 */
function twelveWeeksCsv(): string {
  const lines = generateSampleData({ samples: WEEKS * ROWS_PER_WEEK, drift: false, seed: 21 })
    .trim()
    .split('\n');
  const header = lines[0].split(',');
  const age = header.indexOf('age');
  const out = [`d,${lines[0]}`];
  const monday = Date.UTC(2024, 0, 1);
  for (let i = 1; i < lines.length; i++) {
    const week = Math.floor((i - 1) / ROWS_PER_WEEK);
    const cells = lines[i].split(',');
    if (week >= 8) cells[age] = String(Number(cells[age]) + 15);
    // Spread over the whole week, Sunday evening included.
    const at = monday + week * 7 * DAY_MS + ((i * 7919) % (7 * 24)) * 3_600_000;
    let date = new Date(at).toISOString().slice(0, 19).replace('T', ' ');
    if (i === 3001 || i === 3002) date = '';
    if (i === 3003) date = 'someday';
    out.push(`${date},${cells.join(',')}`);
  }
  return `${out.join('\n')}\n`;
}

before(async () => {
  fixture = await apiFixtureWithChampion();
  dir = await mkdtemp(join(tmpdir(), 'podium-drift-chunks-'));
  twelveWeeks = join(dir, 'twelve-weeks.csv');
  await writeFile(twelveWeeks, twelveWeeksCsv());
});
after(async () => {
  await fixture.cleanup();
  await rm(dir, { recursive: true, force: true });
});

const champion = () => sampleChampion(fixture);

test('twelve weeks where the last four shift one feature: those weeks are flagged, the first eight ok, and the report is stored with its weeks', async () => {
  const { stores } = fixture.api.context;
  const stored = await checkDrift(fixture.workspace, stores, {
    version: champion(),
    source: { file: twelveWeeks },
    chunking: { by: 'd', every: 'week', minRows: 30 },
  });
  const { chunking, chunks } = stored.report;
  assert.ok(chunks && chunking);
  assertFinite(chunks);
  assert.deepEqual(chunking, { by: 'd', every: 'week', minRows: 30, rowsWithoutDate: 3 });
  assert.deepEqual(
    chunks.map((chunk) => chunk.label),
    Array.from({ length: WEEKS }, (_, i) => `2024-W${String(i + 1).padStart(2, '0')}`),
  );
  assert.equal(chunks[0].start, '2024-01-01');
  assert.equal(chunks[11].end, '2024-03-25');
  assert.equal(
    chunks.reduce((sum, chunk) => sum + chunk.rows, 0),
    WEEKS * ROWS_PER_WEEK - 3,
  );
  for (const [i, chunk] of chunks.entries()) {
    const age = chunk.features.find((feature) => feature.name === 'age');
    assert.ok(age, chunk.label);
    // A warning here and there is chance (a raw p under 0.05 among 13 features); drift is not.
    const others = chunk.features.filter((f) => f.name !== 'age' && f.status === 'drift');
    if (i < 8) {
      assert.equal(chunk.status, 'ok', `${chunk.label}: ${others.map((f) => f.reason)}`);
      assert.notEqual(age.status, 'drift', age.reason);
    } else {
      assert.notEqual(chunk.status, 'ok', chunk.label);
      assert.equal(age.status, 'drift', `${chunk.label}: ${age.reason}`);
      assert.ok((age.statistics.psi ?? 0) >= 0.2, `${chunk.label} PSI ${age.statistics.psi}`);
      assert.deepEqual(others, [], `${chunk.label}: only age moved`);
      assert.equal(chunk.driftedFeatures, 1);
      // Each week's histograms are its own, beside the same reference.
      assert.ok('edges' in age.histograms && age.histograms.current.length > 0);
    }
  }
  assert.match(
    stored.report.summary,
    /By week of d: 12 periods; 4 flagged \(2024-W09, 2024-W10, 2024-W11, 2024-W12\); 3 rows with no readable d, in no period\./,
  );
  // Stored as checked: the weeks come back from SQLite as they went in.
  const [latest] = stores.driftReports.history(MODEL, 1);
  assert.equal(latest.id, stored.id);
  assert.deepEqual(latest, stored);
});

test('grouping by a column that is not a date, or not there, is refused with what it holds', async () => {
  const { stores } = fixture.api.context;
  const attempt = (by: string) =>
    checkDrift(fixture.workspace, stores, {
      version: champion(),
      source: { file: twelveWeeks },
      chunking: { by, every: 'month' },
    });
  await assert.rejects(attempt('age'), (error: unknown) => {
    assert.ok(error instanceof PodiumError);
    assert.equal(error.code, 'DATA_INVALID');
    assert.match(
      error.message,
      /Cannot group .*twelve-weeks\.csv by age: it is not a date column \(it reads as numbers; values seen: \d+, \d+/,
    );
    return true;
  });
  await assert.rejects(
    attempt('region'),
    /by region: it is not a date column \(it reads as text; values seen: "/,
  );
  await assert.rejects(attempt('when'), /by when: there is no such column \(the columns are d, age, /);
  // A window of live requests has no file rows to group.
  const now = fixture.workspace.clock.now();
  await assert.rejects(
    checkDrift(fixture.workspace, stores, {
      version: champion(),
      source: { window: { from: new Date(now.getTime() - 60_000), to: now } },
      chunking: { by: 'd', every: 'week' },
    }),
    /Grouping by d into periods works on a data file; give the file, not a stored dataset or a window of live requests/,
  );
});

test('a scheduled check of new data groups it as monitoring.drift_by and drift_every say', async () => {
  const { workspace } = fixture;
  const { config, configSources } = workspace;
  workspace.reconfigure(
    { ...config, monitoring: { ...config.monitoring, drift_by: 'd', drift_every: 'month' } },
    configSources,
  );
  try {
    const checks = cycleChecks({
      workspace,
      stores: fixture.api.context.stores,
      alerts: null,
      modelName: MODEL,
    });
    await checks.onNewData?.(twelveWeeks);
  } finally {
    workspace.reconfigure(config, configSources);
  }
  const [latest] = fixture.api.context.stores.driftReports.history(MODEL, 1);
  assert.deepEqual(
    latest.report.chunks?.map((chunk) => [chunk.label, chunk.start, chunk.end]),
    [
      ['2024-01', '2024-01-01', '2024-02-01'],
      ['2024-02', '2024-02-01', '2024-03-01'],
      ['2024-03', '2024-03-01', '2024-04-01'],
    ],
  );
  assert.equal(latest.report.chunking?.minRows, 30);
});

test('podium drift --by d --every week --json prints the weeks', () => {
  const cwd = dir;
  const workspaceDir = fixture.workspace.paths.root;
  const env = { PODIUM_MONITORING_METRICS_PORT: '0' };
  const run = podium(
    ['--workspace', workspaceDir, 'drift', '--data', twelveWeeks, '--by', 'd', '--every', 'week', '--json'],
    { cwd, env },
  );
  assert.equal(run.status, 0, run.stderr);
  const printed = JSON.parse(run.stdout) as {
    report: {
      chunking: { by: string; every: string; min_rows: number; rows_without_date: number };
      chunks: {
        start: string;
        end: string;
        rows: number;
        drift_share: number;
        status: string;
        features: { name: string; status: string }[];
      }[];
    };
  };
  const { chunks, chunking } = printed.report;
  assert.deepEqual(chunking, { by: 'd', every: 'week', min_rows: 30, rows_without_date: 3 });
  assert.equal(chunks.length, WEEKS);
  assert.deepEqual(
    chunks.map((chunk) => chunk.status !== 'ok'),
    Array.from({ length: WEEKS }, (_, i) => i >= 8),
  );
  assert.ok(chunks[8].drift_share > 0);
  assert.equal(chunks[8].features.find((f) => f.name === 'age')?.status, 'drift');
});
