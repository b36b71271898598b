import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../../main/serving/free-port.js';
import { podium } from '../helpers/cli.js';
import { tempDir } from '../helpers/workspace.js';

const dir = tempDir('podium-demo-');
const WALMART_CSV = fileURLToPath(new URL('../../../data/walmart.csv', import.meta.url));
after(() => rmSync(dir, { recursive: true, force: true }));

test('podium demo walmart runs the whole story and stops what it started', async () => {
  const port = await findFreePort('127.0.0.1', 26000 + Math.floor(Math.random() * 4000));
  const result = podium(['--workspace', join(dir, 'ws'), 'demo', 'walmart', '--port', String(port)], {
    cwd: dir,
  });
  assert.equal(result.status, 0, result.stderr);
  const out = result.stdout;
  // The comparison table, the champion, the batch scoring, the API answer, the lineage chain.
  for (const model of ['linear regression', 'elastic net', 'random forest', 'gbm', 'ecd']) {
    assert.match(out, new RegExp(`^${model}\\s+0\\.\\d{4}\\s+0\\.\\d{4}`, 'm'));
  }
  assert.match(out, /Registered walmart v1 \(\w[\w ]*\) as champion/);
  assert.match(out, /Scored 6435 rows into .*walmart-v1-predictions\.csv/);
  assert.match(out, new RegExp(`POST http://127\\.0\\.0\\.1:${port}/predict`));
  assert.match(out, /→ 200 \{"predicted_weekly_sales":\d+(\.\d+)?,/);
  for (const heading of ['Training data', 'Training code', 'Model', 'Prediction code', 'Predictions']) {
    assert.match(out, new RegExp(`^${heading}`, 'm'));
  }
  // Nothing is left listening on the gateway's port.
  await assert.rejects(fetch(`http://127.0.0.1:${port}/health`));

  // The README's next lines name the model as the demo registered it, and work as written.
  const workspace = ['--workspace', join(dir, 'ws')];
  const predicted = podium(
    [
      ...workspace,
      'predict',
      '--model',
      'walmart:champion',
      '--input',
      WALMART_CSV,
      '--output',
      'forecast.csv',
    ],
    { cwd: dir },
  );
  assert.equal(predicted.status, 0, predicted.stderr);
  const id = /podium lineage (pred-[0-9a-f]+)/.exec(predicted.stdout)?.[1] ?? '';
  const lineage = podium([...workspace, 'lineage', id], { cwd: dir });
  assert.equal(lineage.status, 0, lineage.stderr);
  assert.match(lineage.stdout, /walmart v1/);
  const script = podium([...workspace, 'reproduce', 'walmart:1', '--script', join(dir, 'reproduce.sh')], {
    cwd: dir,
  });
  assert.equal(script.status, 0, script.stderr);
  const exported = podium([...workspace, 'export', 'walmart:1', join(dir, 'walmart-v1.tgz')], { cwd: dir });
  assert.equal(exported.status, 0, exported.stderr);
});
