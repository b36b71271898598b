import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { generateSampleData } from '../../main/data/index.js';
import { checkDrift } from '../../main/monitoring/drift-check.js';
import { type ApiFixture, apiFixtureWithChampion } from '../api/api-fixture.js';

const MODEL = 'credit-risk';
let fixture: ApiFixture;

before(async () => {
  fixture = await apiFixtureWithChampion();
});
after(async () => {
  await fixture.cleanup();
});

/** The gateway's log, as it writes it: one champion row per request with the features as JSON. */
function logRequests(version: number, csv: string, at: Date): number {
  const [header, ...lines] = csv.trim().split('\n');
  const names = header.split(',');
  const insert = fixture.workspace.db.prepare(
    `INSERT INTO prediction_log (request_id, model_name, version, role, features_json, prediction_json, status, latency_ms, created_at)
     VALUES (?, ?, ?, 'champion', ?, NULL, 200, 1, ?)`,
  );
  lines.forEach((line, i) => {
    const cells = line.split(',');
    const record = Object.fromEntries(
      names.flatMap((name, c) =>
        name === 'target'
          ? []
          : [[name, cells[c] === '' ? null : Number.isNaN(Number(cells[c])) ? cells[c] : Number(cells[c])]],
      ),
    );
    insert.run(`r${i}`, MODEL, version, JSON.stringify(record), at.toISOString());
  });
  return lines.length;
}

test('a live window is checked in the worker from the logged requests and stored', async () => {
  const { stores } = fixture.api.context;
  const champion = stores.versions.champion(MODEL);
  assert.ok(champion);
  const at = new Date('2026-01-02T10:00:00Z');
  const rows = logRequests(champion.version, generateSampleData({ samples: 400, drift: true, seed: 9 }), at);
  const window = { from: new Date('2026-01-02T00:00:00Z'), to: new Date('2026-01-03T00:00:00Z') };
  const steps: string[] = [];
  const stored = await checkDrift(fixture.workspace, stores, {
    version: champion,
    source: { window },
    onProgress: (progress) => steps.push(progress.step),
  });
  assert.equal(stored.source, 'live');
  assert.equal(stored.rows, rows);
  assert.equal(stored.window?.from, window.from.toISOString());
  assert.ok(stored.report.prediction);
  assert.deepEqual(steps, ['reading', 'scoring', 'statistics', 'done']);
});

test('an empty window is a DATA_INVALID error naming the window, raised in the worker', async () => {
  const { stores } = fixture.api.context;
  const champion = stores.versions.champion(MODEL);
  assert.ok(champion);
  const window = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-01-02T00:00:00Z') };
  await assert.rejects(checkDrift(fixture.workspace, stores, { version: champion, source: { window } }), {
    code: 'DATA_INVALID',
    message: /No live requests reached credit-risk v1 between 2025-01-01/,
  });
});
