import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { podium, podiumJson } from '../helpers/cli.js';
import { tempDir } from '../helpers/workspace.js';

type DatasetJson = {
  id: string;
  source_name: string;
  rows: number;
  columns: number;
  bytes: number;
  created_at: string;
  profile?: { rows: number; columns: { name: string; type: string; missing: number }[] };
};

/** A small churn table with a category, a missing value and a binary target. */
function churnCsv(rows: number, seed: number): string {
  const lines = ['age,plan,monthly,tenure,churned'];
  for (let i = 0; i < rows; i++) {
    const monthly = 10 + ((i * 37 + seed) % 90);
    const tenure = (i * 13) % 60;
    const churned = (monthly > 60 && tenure < 20) || i % 11 === 0 ? 1 : 0;
    lines.push(
      `${18 + (i % 60)},${['basic', 'pro', 'max'][i % 3]},${i === 5 ? '' : monthly},${tenure},${churned}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `podium data add|list|show|rm` through the real executable, as a user runs them. */
describe('podium data (the real executable)', { timeout: 120_000 }, () => {
  let cwd: string;
  let env: NodeJS.ProcessEnv;
  const run = (args: string[]) => podium(args, { cwd, env });

  before(() => {
    cwd = tempDir('podium-data-cli-');
    env = { PODIUM_WORKSPACE: join(cwd, 'ws'), PODIUM_TRAINING_MODEL_TYPE: 'linear' };
    writeFileSync(join(cwd, 'churn.csv'), churnCsv(240, 0));
    writeFileSync(join(cwd, 'spare.csv'), churnCsv(120, 7));
  });
  after(() => rmSync(cwd, { recursive: true, force: true }));

  test('data add prints the profile in words; --json the documented snake_case; adding again is the same snapshot', () => {
    const added = run(['data', 'add', 'churn.csv']);
    assert.equal(added.status, 0, added.stderr);
    assert.match(added.stdout, /^Added [0-9a-f]{12} \(churn\.csv\): 240 rows, 5 columns, [\d.]+ KB, added /);
    assert.match(added.stdout, /^column\s+type\s+missing\s+distinct\s+values$/m);
    assert.match(added.stdout, /^age\s+integer\s+0\.0%\s+60\s+18 … 77, mean 47\.5$/m);
    assert.match(added.stdout, /^plan\s+category\s+0\.0%\s+3\s+basic 33\.3%, max 33\.3%, pro 33\.3%$/m);
    assert.match(added.stdout, /^monthly\s+integer\s+0\.4%\s+/m);
    assert.match(added.stdout, /^churned\s+binary\s+0\.0%\s+2\s+0 \/ 1$/m);

    const again = podiumJson<DatasetJson>(['data', 'add', 'churn.csv'], { cwd, env });
    assert.equal(again.source_name, 'churn.csv');
    assert.equal(again.rows, 240);
    assert.equal(again.profile?.columns.find((column) => column.name === 'monthly')?.missing, 1);
    assert.ok('created_at' in again && !('createdAt' in again));
    const listed = podiumJson<DatasetJson[]>(['data', 'list'], { cwd, env });
    assert.deepEqual(
      listed.map((dataset) => dataset.id),
      [again.id],
    );
  });

  test('data list and data show by a prefix of the id', () => {
    const [dataset] = podiumJson<DatasetJson[]>(['data', 'list'], { cwd, env });
    const list = run(['data', 'list']);
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`^${dataset.id.slice(0, 12)}\\s+churn\\.csv\\s+240\\s+5\\s`, 'm'));
    const shown = run(['data', 'show', dataset.id.slice(0, 6)]);
    assert.equal(shown.status, 0, shown.stderr);
    assert.match(shown.stdout, new RegExp(`^Dataset ${dataset.id.slice(0, 12)} \\(churn\\.csv\\): 240 rows`));
    assert.match(shown.stdout, new RegExp(`^id ${dataset.id}$`, 'm'));
    const json = podiumJson<DatasetJson>(['data', 'show', dataset.id.slice(0, 6)], { cwd, env });
    assert.equal(json.id, dataset.id);
  });

  test('a missing file and an unknown id are refused with a sentence naming them and what exists', () => {
    const missing = run(['data', 'add', 'nowhere.csv']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /^podium: cannot read .*nowhere\.csv/);
    const unknown = run(['data', 'show', 'ffff']);
    assert.equal(unknown.status, 1);
    assert.match(
      unknown.stderr,
      /^podium: No dataset with id ffff; datasets: [0-9a-f]{12} \(churn\.csv\)\n$/,
    );
    const json = podium(['data', 'rm', 'ffff', '--json'], { cwd, env });
    assert.equal(json.status, 1);
    assert.equal(JSON.parse(json.stdout).error.code, 'NOT_FOUND');
  });

  test('data rm refuses a dataset a registered version uses, naming it, and removes one nothing uses', () => {
    const trained = run(['train', '--data', 'churn.csv', '--target', 'churned']);
    assert.equal(trained.status, 0, trained.stderr);
    const [used] = podiumJson<DatasetJson[]>(['data', 'list'], { cwd, env });
    const refused = run(['data', 'rm', used.id.slice(0, 8)]);
    assert.equal(refused.status, 1);
    assert.match(
      refused.stderr,
      /^podium: Dataset [0-9a-f]{12} \(churn\.csv\) is still used by registered version churn v1; run [0-9a-f-]+; nothing was removed\n$/,
    );
    assert.ok(existsSync(join(cwd, 'ws', 'datasets', `${used.id}.csv`)));
    // Training loaded the snapshot once, which kept its Table as a columns file.
    assert.ok(existsSync(join(cwd, 'ws', 'datasets', `${used.id}.columns`)));

    const spare = podiumJson<DatasetJson>(['data', 'add', 'spare.csv'], { cwd, env });
    const spareColumns = join(cwd, 'ws', 'datasets', `${spare.id}.columns`);
    writeFileSync(spareColumns, 'a columns file a load left');
    const removed = run(['data', 'rm', spare.id]);
    assert.equal(removed.status, 0, removed.stderr);
    assert.equal(removed.stdout, `Removed dataset ${spare.id.slice(0, 12)} (spare.csv, 120 rows).\n`);
    assert.equal(existsSync(join(cwd, 'ws', 'datasets', `${spare.id}.csv`)), false);
    assert.equal(existsSync(join(cwd, 'ws', 'datasets', `${spare.id}.profile.json`)), false);
    assert.equal(existsSync(spareColumns), false);
    assert.deepEqual(
      podiumJson<DatasetJson[]>(['data', 'list'], { cwd, env }).map((dataset) => dataset.id),
      [used.id],
    );
  });
});
