import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';
import { podium, podiumJson } from '../helpers/cli.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';
import { tempDir } from '../helpers/workspace.js';

function olderThanAnHour(path: string): void {
  const past = new Date(Date.now() - 2 * 3_600_000);
  utimesSync(path, past, past);
}

async function traversalArchive(entry: string): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => archive.on('end', resolve));
  archive.entry({ name: entry }, 'x');
  archive.finalize();
  await ended;
  return gzipSync(Buffer.concat(chunks));
}

describe('podium doctor, backup, restore, export and import (the real executable)', {
  timeout: 600_000,
}, () => {
  let trained: TrainedWorkspace;
  let cwd: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    trained = await trainedWorkspace({ samples: 800 });
    cwd = tempDir('podium-safety-e2e-');
    env = { PODIUM_WORKSPACE: trained.workspace.paths.root };
  });
  after(() => {
    trained.workspace.cleanup();
    rmSync(cwd, { recursive: true, force: true });
  });

  test('doctor reports one line per finding, fails while problems remain, and --repair fixes them', () => {
    const healthy = podium(['doctor'], { cwd, env });
    assert.equal(healthy.status, 0, healthy.stderr);
    assert.match(healthy.stdout, /is healthy/);

    const { paths } = trained.workspace;
    const stray = join(paths.datasets, '.podium-tmp-0123456789ab');
    writeFileSync(stray, 'half written');
    const orphan = join(paths.models, 'credit-risk', 'v9');
    mkdirSync(orphan);
    writeFileSync(join(orphan, 'manifest.json'), '{}');
    for (const path of [stray, join(orphan, 'manifest.json'), orphan]) olderThanAnHour(path);

    const found = podium(['doctor'], { cwd, env });
    assert.equal(found.status, 1);
    assert.match(
      found.stdout,
      /^PROBLEM\s+temp\s+datasets\/\.podium-tmp-0123456789ab: .*--repair would remove/m,
    );
    assert.match(found.stdout, /^PROBLEM\s+orphan\s+artifacts\/models\/credit-risk\/v9: .*quarantine/m);

    const repaired = podium(['doctor', '--repair'], { cwd, env });
    assert.equal(repaired.status, 0, repaired.stdout);
    assert.match(repaired.stdout, /^repaired\s+temp/m);
    assert.match(repaired.stdout, /^repaired\s+orphan/m);
    assert.equal(podiumJson<{ remaining: number }>(['doctor'], { cwd, env }).remaining, 0);
  });

  test('export, then import into another workspace; a hostile archive is refused by entry', async () => {
    const file = join(cwd, 'champion.tgz');
    const exported = podium(['export', 'credit-risk:1', file], { cwd, env });
    assert.equal(exported.status, 0, exported.stderr);
    const otherEnv = { PODIUM_WORKSPACE: join(cwd, 'other-ws') };
    const imported = podiumJson<{ model: string; version: number; stage: string }>(['import', file], {
      cwd,
      env: otherEnv,
    });
    assert.equal(imported.model, 'credit-risk');
    assert.equal(imported.version, 1);
    assert.equal(imported.stage, 'challenger');

    const hostile = join(cwd, 'hostile.tgz');
    writeFileSync(hostile, await traversalArchive('../../escaped.txt'));
    const refused = podium(['import', hostile], { cwd, env: otherEnv });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /entry "\.\.\/\.\.\/escaped\.txt" refused/);
    assert.ok(!existsSync(join(cwd, 'escaped.txt')));
  });

  test('backup, restore, and a truncated backup refused', () => {
    const file = join(cwd, 'backup.tgz');
    const backup = podium(['backup', file], { cwd, env });
    assert.equal(backup.status, 0, backup.stderr);
    trained.workspace.close();

    const restored = podium(['restore', file], { cwd, env });
    assert.equal(restored.status, 0, restored.stderr);
    assert.match(
      restored.stdout,
      /previous state is in .*before-restore-.*podium restore --undo puts it back/,
    );
    const listed = podium(['restore', '--list-previous'], { cwd, env });
    assert.equal(listed.status, 0, listed.stderr);
    assert.match(listed.stdout, /^NAME\s+REPLACED AT\s+VERSIONS\s+DATASETS\s+ENV\s+REPLACED BY$/m);
    assert.match(listed.stdout, /^before-restore-\S+\s+\S+\s+2\s+2\s+dev\s+podium restore .*backup\.tgz$/m);
    const undone = podium(['restore', '--undo'], { cwd, env });
    assert.equal(undone.status, 0, undone.stderr);
    assert.match(undone.stdout, /^Put back before-restore-/m);
    assert.match(undone.stdout, /the state it replaced is in .*before-restore-/);

    const truncated = join(cwd, 'truncated.tgz');
    const bytes = readFileSync(file);
    writeFileSync(truncated, bytes.subarray(0, bytes.length >> 1));
    const refused = podium(['restore', truncated], { cwd, env });
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /truncated/);
    assert.equal(podium(['doctor'], { cwd, env }).status, 0);
  });
});
