import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { podium, podiumJson } from '../helpers/cli.js';
import { tempDir } from '../helpers/workspace.js';

type Status = {
  champion: { version: number; metrics: Record<string, number> } | null;
  challengers: unknown[];
  shadow_tests: { status: string; challenger_version: number }[];
  decisions: {
    outcome: string;
    champion_version: number | null;
    challenger_version: number;
    reasons: string[];
    created_at: string;
  }[];
};

type Comparison = { metric: string; champion: number; challenger: number; primary: boolean };

function tableCounts(dbFile: string): Record<string, number> {
  const db = new Database(dbFile, { readonly: true });
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
    name: string;
  }[];
  const counts = Object.fromEntries(
    tables.map(({ name }) => [
      name,
      (db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n,
    ]),
  );
  db.close();
  return counts;
}

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix)).flatMap((name) => {
    const relative = join(prefix, name);
    return statSync(join(dir, relative)).isDirectory() ? listFiles(dir, relative) : [relative];
  });
}

test('the README quick start, end to end, in a temporary workspace', { timeout: 600_000 }, () => {
  const cwd = tempDir('podium-e2e-');
  const env = { PODIUM_WORKSPACE: join(cwd, 'ws') };
  const run = (args: string[]) => {
    const result = podium(args, { cwd, env });
    assert.equal(result.status, 0, `podium ${args.join(' ')} failed:\n${result.stderr}`);
    return result;
  };

  run(['generate-data', '--samples', '10000', '--output-dir', 'data/raw']);
  run(['generate-data', '--samples', '5000', '--generate-drift', '--output-dir', 'data/raw']);

  const first = podiumJson<{ version: number; stage: string; decision: { outcome: string } }>(
    ['train', '--data', 'data/raw/baseline_full.csv', '--model', 'credit-risk', '--auto-evaluate'],
    { cwd, env },
  );
  assert.equal(first.version, 1);
  assert.equal(first.stage, 'champion', 'the first train registers a champion');

  const cycle = podiumJson<{
    decisions: { outcome: string; reasons: string[]; metrics: { comparisons: Comparison[] } }[];
  }>(['cycle', '--data', 'data/raw/drift_full.csv'], { cwd, env });
  assert.equal(cycle.decisions.length, 1);
  const decision = cycle.decisions[0];
  const primary = decision.metrics.comparisons.find((c) => c.primary)!;
  assert.equal(primary.metric, 'roc_auc');
  assert.ok(
    primary.challenger > primary.champion,
    `the drift-trained challenger (${primary.challenger}) beats the champion (${primary.champion}) on the drift holdout`,
  );
  assert.ok(['keep_champion', 'start_shadow', 'promote'].includes(decision.outcome));
  assert.ok(decision.reasons.length >= 2);
  assert.ok(decision.reasons.some((r) => r.includes('held-out rows')));

  const status = podiumJson<Status>(['status'], { cwd, env });
  assert.equal(status.champion?.version, 1);
  assert.equal(status.decisions.length, 2, 'both decisions are stored, newest first');
  assert.equal(status.decisions[0].challenger_version, 2);
  assert.equal(status.decisions[0].outcome, decision.outcome);
  assert.equal(status.decisions[1].outcome, 'promote');
  if (decision.outcome === 'start_shadow') {
    assert.deepEqual(
      status.shadow_tests.map((s) => [s.status, s.challenger_version]),
      [['pending', 2]],
    );
  }

  const dbFile = join(cwd, 'ws', 'podium.db');
  const rowsBefore = tableCounts(dbFile);
  const filesBefore = listFiles(join(cwd, 'ws')).filter(
    (f) => !f.startsWith('logs') && !f.includes('podium.db'),
  );
  const dry = run(['cycle', '--dry-run']);
  assert.match(dry.stdout, /Dry run: nothing was changed/);
  assert.match(dry.stdout, /Champion: v1/);
  const dryWithData = podiumJson<{ dry_run: boolean; plan: string[] }>(
    ['cycle', '--dry-run', '--data', 'data/raw/drift_full.csv'],
    { cwd, env },
  );
  assert.equal(dryWithData.dry_run, true);
  assert.ok(dryWithData.plan.some((step) => step.includes('already stored')));
  assert.deepEqual(tableCounts(dbFile), rowsBefore, '--dry-run changes no row');
  assert.deepEqual(
    listFiles(join(cwd, 'ws')).filter((f) => !f.startsWith('logs') && !f.includes('podium.db')),
    filesBefore,
  );

  const runs = podiumJson<{ parent_run_id: string | null; status: string }[]>(['runs'], { cwd, env });
  assert.ok(runs.length >= 2);
  assert.ok(runs.every((r) => r.status === 'finished'));
  const models = podiumJson<{ name: string; versions: { version: number; stage: string }[] }[]>(['models'], {
    cwd,
    env,
  });
  assert.equal(models[0].name, 'credit-risk');
  assert.deepEqual(
    models[0].versions.map((v) => v.version),
    [2, 1],
  );
});

test('usage errors exit 2; failures exit 1 with a message that helps', () => {
  const cwd = tempDir('podium-cli-');
  const env = { PODIUM_WORKSPACE: join(cwd, 'ws') };
  assert.equal(podium(['train'], { cwd, env }).status, 2);
  assert.equal(podium(['no-such-command'], { cwd, env }).status, 2);
  assert.equal(podium(['generate-data', '--samples', 'many'], { cwd, env }).status, 2);
  assert.equal(podium(['--help'], { cwd, env }).status, 0);

  podium(['generate-data', '--samples', '200', '--output-dir', 'raw'], { cwd, env });
  const missingTarget = podium(['train', '--data', 'raw/baseline_full.csv', '--target', 'churned'], {
    cwd,
    env,
  });
  assert.equal(missingTarget.status, 1);
  assert.match(missingTarget.stderr, /churned/);
  assert.match(missingTarget.stderr, /credit_score/, 'the error lists the columns');

  const missingFile = podium(['train', '--data', 'nope.csv'], { cwd, env });
  assert.equal(missingFile.status, 1);
  assert.match(missingFile.stderr, /nope\.csv/);

  const json = podium(['evaluate', '7', '--json'], { cwd, env });
  assert.equal(json.status, 1);
  assert.equal(JSON.parse(json.stdout).error.code, 'NOT_FOUND');
  // The version is optional (default: the newest challenger); with no model yet, that is what it says.
  const newest = podium(['evaluate', '--json'], { cwd, env });
  assert.equal(newest.status, 1);
  assert.match(JSON.parse(newest.stdout).error.message, /No model is registered yet/);
});
