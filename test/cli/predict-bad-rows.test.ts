import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { churnRows, writeCsv } from '../helpers/churn-data.js';
import { podium } from '../helpers/cli.js';
import { tempDir } from '../helpers/workspace.js';

const cwd = tempDir('podium-predict-bad-rows-');
const env = { PODIUM_WORKSPACE: join(cwd, 'ws'), PODIUM_TRAINING_MODEL_TYPE: 'linear' };

after(() => rmSync(cwd, { recursive: true, force: true }));

test('podium predict refuses a file with a row training would refuse, naming its line; --skip-bad-rows writes the others', () => {
  writeCsv(join(cwd, 'churn.csv'), churnRows(300));
  const trained = podium(
    ['train', '--data', 'churn.csv', '--target', 'churned', '--model', 'churn', '--auto-evaluate'],
    {
      cwd,
      env,
    },
  );
  assert.equal(trained.status, 0, trained.stderr);

  const rows = churnRows(5, 3);
  rows[2][4] = 'not-a-date'; // line 4 of the file
  rows[3][2] = ''; // a blank plan is missing, as in training: scored
  writeCsv(join(cwd, 'score.csv'), rows);
  const args = ['predict', '--model', 'churn:champion', '--input', 'score.csv', '--output', 'out.csv'];

  const refused = podium(args, { cwd, env });
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /1 row holds a value the model cannot read/);
  assert.match(refused.stderr, /line 4: field 'signup_date' must be a date \(DD-MM-YYYY\); got "not-a-date"/);
  assert.match(refused.stderr, /--skip-bad-rows/);
  assert.ok(!existsSync(join(cwd, 'out.csv')), 'nothing is written');

  const skipped = podium([...args, '--skip-bad-rows'], { cwd, env });
  assert.equal(skipped.status, 0, skipped.stderr);
  assert.match(skipped.stdout, /Wrote 4 predictions/);
  assert.match(
    skipped.stdout,
    /Skipped 1 row with a value the model cannot read:\n {2}line 4: field 'signup_date'/,
  );
  const written = readFileSync(join(cwd, 'out.csv'), 'utf8').trim().split('\n');
  assert.equal(written.length, 5, 'the header and the four good rows');
  assert.ok(!written.some((line) => line.includes('not-a-date')));
});
