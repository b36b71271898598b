import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadConfig, PACKAGE_ROOT } from '../../main/config/index.js';
import { podium } from '../helpers/cli.js';
import { tempDir } from '../helpers/workspace.js';

const dir = tempDir('podium-secrets-');
after(() => rmSync(dir, { recursive: true, force: true }));

const TOKEN = 'planted-token-7f3a9c1e5b';
const WEBHOOK = 'http://127.0.0.1:9/hooks/planted-webhook-2d8e4f';

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

test('a secret in the committed config.yaml is refused, naming the file and the key', () => {
  const base = join(dir, 'committed.yaml');
  const committed = readFileSync(join(PACKAGE_ROOT, 'config', 'config.yaml'), 'utf8');
  writeFileSync(base, committed.replace(/^serving:\n/m, `serving:\n  auth_token: ${TOKEN}\n`));
  assert.throws(
    () => loadConfig({ baseFile: base, env: {}, localFile: null }),
    (error: Error) =>
      error.message.includes(base) &&
      error.message.includes('serving.auth_token') &&
      error.message.includes('config.local.yaml') &&
      !error.message.includes(TOKEN),
  );
});

test('planted secrets never reach output, logs, the database, packages, lineage or exports', () => {
  writeFileSync(
    join(dir, 'config.local.yaml'),
    `serving:\n  auth_token: ${TOKEN}\nalerts:\n  webhook_url: ${WEBHOOK}\n`,
  );
  const ws = join(dir, 'ws');
  const outputs: string[] = [];
  const run = (...args: string[]) => {
    const result = podium(['--workspace', ws, ...args], { cwd: dir });
    assert.equal(result.status, 0, `podium ${args.join(' ')}: ${result.stderr}`);
    outputs.push(result.stdout, result.stderr);
    return result;
  };
  run('generate-data', '--samples', '1500', '--output-dir', join(dir, 'data'));
  run('train', '--data', join(dir, 'data', 'baseline_full.csv'), '--model-type', 'linear', '--auto-evaluate');
  run(
    'predict',
    '--model',
    'champion',
    '--input',
    join(dir, 'data', 'baseline_full.csv'),
    '--output',
    join(ws, 'exports', 'out.csv'),
  );
  run('lineage', '1', '--json');
  run('status', '--json');
  run('runs', '--json');
  run('reproduce', '1', '--script', join(ws, 'exports', 'reproduce.sh'));
  const shown = run('config', 'show');
  assert.match(shown.stdout, /serving\.auth_token\s+"\*\*\*"\s+local/);
  assert.match(shown.stdout, /alerts\.webhook_url\s+"\*\*\*"\s+local/);
  run('config', 'show', '--json');

  for (const text of outputs) {
    assert.ok(!text.includes(TOKEN) && !text.includes('planted-webhook'), 'a command printed a secret');
  }
  const files = filesUnder(ws);
  assert.ok(files.some((file) => file.endsWith('.db')));
  assert.ok(files.some((file) => file.includes('logs')));
  for (const file of files) {
    const bytes = readFileSync(file);
    assert.ok(!bytes.includes(TOKEN), `${file} holds the token`);
    assert.ok(!bytes.includes('planted-webhook'), `${file} holds the webhook URL`);
  }
});
