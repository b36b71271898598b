import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { podium, podiumJson } from '../helpers/cli.js';
import { tempDir } from '../helpers/workspace.js';

/**
 * dev and prod through the real `podium` binary: separate workspaces, training only in dev,
 * release as the one way into prod, prod promotions held for an approver, and the audit log.
 */
const dir = tempDir('podium-env-cli-');
const dev = join(dir, 'ws');
const prod = join(dir, 'ws-prod');
const data = join(dir, 'data');
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  return podium(['--workspace', dev, ...args], { cwd: dir, env });
}

function ok(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = run(args, env);
  assert.equal(result.status, 0, `podium ${args.join(' ')}: ${result.stderr}`);
  return result;
}

type Status = {
  environment: string;
  workspace: string;
  champion: { version: number } | null;
  challengers: { version: number }[];
};

before(() => {
  ok(['generate-data', '--samples', '1500', '--output-dir', data]);
  ok([
    'train',
    '--data',
    join(data, 'baseline_full.csv'),
    '--model',
    'credit-risk',
    '--model-type',
    'linear',
    '--auto-evaluate',
  ]);
});

test('dev and prod are separate workspaces: a dev train leaves prod empty, with its own database file', () => {
  const devStatus = podiumJson<Status>(['--workspace', dev, 'status'], { cwd: dir });
  assert.equal(devStatus.environment, 'dev');
  assert.equal(devStatus.workspace, dev);
  assert.equal(devStatus.champion?.version, 1);

  const prodStatus = podiumJson<Status>(['--workspace', dev, '--env', 'prod', 'status'], { cwd: dir });
  assert.equal(prodStatus.environment, 'prod');
  assert.equal(prodStatus.workspace, prod);
  assert.equal(prodStatus.champion, null);
  assert.deepEqual(prodStatus.challengers, []);
  // PODIUM_ENV selects the same way.
  const viaVariable = podiumJson<Status>(['--workspace', dev, 'status'], {
    cwd: dir,
    env: { PODIUM_ENV: 'prod' },
  });
  assert.equal(viaVariable.workspace, prod);

  assert.ok(existsSync(join(dev, 'podium.db')) && existsSync(join(prod, 'podium.db')));
  const prodDb = new Database(join(prod, 'podium.db'), { readonly: true });
  const devDb = new Database(join(dev, 'podium.db'), { readonly: true });
  try {
    assert.deepEqual(prodDb.prepare('SELECT COUNT(*) AS n FROM model_versions').get(), { n: 0 });
    assert.deepEqual(prodDb.prepare('SELECT COUNT(*) AS n FROM datasets').get(), { n: 0 });
    assert.deepEqual(devDb.prepare('SELECT COUNT(*) AS n FROM model_versions').get(), { n: 1 });
    const marker = (db: Database.Database) =>
      (db.prepare("SELECT value FROM workspace_meta WHERE key = 'environment'").get() as { value: string })
        .value;
    assert.equal(marker(devDb), 'dev');
    assert.equal(marker(prodDb), 'prod');
  } finally {
    prodDb.close();
    devDb.close();
  }
  assert.deepEqual(readdirSync(join(prod, 'artifacts', 'models')), []);
  assert.deepEqual(readdirSync(join(prod, 'datasets')), []);

  const shown = podiumJson<{ environment: string; workspace: string }>(
    ['--workspace', dev, '--env', 'prod', 'config', 'show'],
    { cwd: dir },
  );
  assert.equal(shown.environment, 'prod');
  assert.equal(shown.workspace, prod);
});

test('a workspace opened as the wrong environment, or an unknown environment, is refused', () => {
  const asDev = podium(['--workspace', prod, 'status'], { cwd: dir });
  assert.equal(asDev.status, 2, asDev.stderr);
  assert.match(asDev.stderr, /is the prod workspace, not dev/);
  assert.match(asDev.stderr, /--env prod/);

  const unknown = run(['--env', 'staging', 'status']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /staging/);
  assert.match(unknown.stderr, /dev, prod/);
  const unknownVariable = run(['status'], { PODIUM_ENV: 'qa' });
  assert.equal(unknownVariable.status, 2);
  assert.match(unknownVariable.stderr, /PODIUM_ENV/);
  assert.match(unknownVariable.stderr, /dev, prod/);
});

test('prod trains nothing: train, compare, cycle and import point to release', () => {
  const csv = join(data, 'baseline_full.csv');
  for (const args of [
    ['train', '--data', csv, '--model-type', 'linear'],
    ['compare', '--data', csv],
    ['cycle', '--data', csv],
    ['import', join(dir, 'missing.tgz')],
  ]) {
    const result = run(['--env', 'prod', ...args]);
    assert.equal(result.status, 2, `${args[0]}: ${result.stderr}`);
    assert.match(result.stderr, new RegExp(`${args[0]} is not available in prod`));
    assert.match(result.stderr, /podium release <version> --to prod/);
  }
  const versions = podiumJson<Status>(['--workspace', dev, '--env', 'prod', 'status'], { cwd: dir });
  assert.deepEqual(versions.challengers, []);
});

test('release, then a prod promotion waits for an approver; every step is audited with who and why', () => {
  const released = podiumJson<{
    version: number;
    stage: string;
    source: { version: number; package_sha256: string; environment: string };
  }>(['--workspace', dev, 'release', '1', '--to', 'prod', '--actor', 'alice', '--reason', 'ticket 42'], {
    cwd: dir,
  });
  assert.equal(released.version, 1);
  assert.equal(released.stage, 'challenger');
  assert.equal(released.source.environment, 'dev');
  assert.equal(released.source.version, 1);

  const again = run(['release', '1', '--to', 'prod']);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already released to prod as v1/);
  const fromProd = run(['--env', 'prod', 'release', '1', '--to', 'prod']);
  assert.equal(fromProd.status, 2);
  assert.match(fromProd.stderr, /release copies from dev/);

  const request = podiumJson<{ id: number; outcome: string }>(
    ['--workspace', dev, '--env', 'prod', 'promote', '1', '--actor', 'bob', '--reason', 'ready'],
    { cwd: dir },
  );
  assert.equal(request.outcome, 'awaiting_approval');
  const stillNone = podiumJson<Status>(['--workspace', dev, '--env', 'prod', 'status'], { cwd: dir });
  assert.equal(stillNone.champion, null, 'a request changes no champion');
  const twice = run(['--env', 'prod', 'promote', '1', '--actor', 'bob']);
  assert.equal(twice.status, 1);
  assert.match(twice.stderr, new RegExp(`Decision #${request.id} already asks`));

  const pending = podiumJson<{ pending: { decisionId: number; stale: string | null }[] }>(
    ['--workspace', dev, '--env', 'prod', 'approvals'],
    { cwd: dir },
  );
  assert.deepEqual(
    pending.pending.map((p) => [p.decisionId, p.stale]),
    [[request.id, null]],
  );

  const nobody = run(['--env', 'prod', 'approve', String(request.id), '--actor', 'carol']);
  assert.equal(nobody.status, 1);
  assert.match(nobody.stderr, /set prod\.approvers/);
  const approvers = { PODIUM_PROD_APPROVERS: '[carol, dana]' };
  const stranger = run(['--env', 'prod', 'approve', String(request.id), '--actor', 'mallory'], approvers);
  assert.equal(stranger.status, 1);
  assert.match(stranger.stderr, /mallory is not an approver in prod/);
  const unknown = run(['--env', 'prod', 'approve', '999', '--actor', 'carol'], approvers);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /no decision #999/);

  const approved = run(
    ['--env', 'prod', 'approve', String(request.id), '--actor', 'carol', '--reason', 'checked'],
    approvers,
  );
  assert.equal(approved.status, 0, approved.stderr);
  assert.match(approved.stdout, /approved by carol: credit-risk v1 is the champion/);
  const twiceApproved = run(['--env', 'prod', 'approve', String(request.id), '--actor', 'dana'], approvers);
  assert.equal(twiceApproved.status, 1);
  assert.match(twiceApproved.stderr, /already approved by carol/);

  const prodStatus = podiumJson<Status>(['--workspace', dev, '--env', 'prod', 'status'], { cwd: dir });
  assert.equal(prodStatus.champion?.version, 1);
  const devStatus = podiumJson<Status>(['--workspace', dev, 'status'], { cwd: dir });
  assert.equal(devStatus.champion?.version, 1, 'dev is untouched');

  const audit = podiumJson<{
    environment: string;
    entries: {
      action: string;
      actor: string;
      reason: string;
      toVersion: number;
      decisionId: number | null;
    }[];
  }>(['--workspace', dev, '--env', 'prod', 'audit'], { cwd: dir });
  assert.equal(audit.environment, 'prod');
  assert.deepEqual(
    audit.entries.map((e) => [e.action, e.actor, e.reason, e.toVersion, e.decisionId]),
    [
      ['approved', 'carol', 'checked', 1, request.id],
      ['promotion_requested', 'bob', 'ready', 1, request.id],
      ['release', 'alice', 'ticket 42', 1, null],
    ],
  );
});

test('prod refuses to serve without its own token, and a dev token does not count', () => {
  writeFileSync(join(dir, 'config.local.yaml'), 'serving:\n  auth_token: dev-token-0123456789abcdef\n');
  try {
    const result = run(['--env', 'prod', 'serve', '--port', '1']);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /Serving in prod requires a token/);
    assert.match(result.stderr, /prod\.serving_auth_token/);
    assert.match(result.stderr, /PODIUM_PROD_SERVING_AUTH_TOKEN/);
    assert.doesNotMatch(result.stdout, /Gateway for/);
  } finally {
    rmSync(join(dir, 'config.local.yaml'));
  }
});
