import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { registerPortable } from '../../main/cli/commands/portable.js';
import { sha256 } from '../../main/common/files.js';
import type { ImageExportReport } from '../../main/contract/index.js';
import { createDockerClient, isDockerAvailable } from '../../main/serving/docker/index.js';
import { removeWorkspaceObjects } from '../helpers/docker.js';
import { commandJson, commandOutcome } from '../helpers/in-process-cli.js';
import { registryFixture } from '../helpers/registry-fixture.js';
import { trainedWorkspace } from '../helpers/trained-workspace.js';
import { fakeClock, tempDir } from '../helpers/workspace.js';

/**
 * `podium export V --format docker FILE.tar`: the version's service image as `docker save`
 * writes it, for `docker load` and a cluster's registry. Against the real engine when one answers.
 */
const out = tempDir('podium-image-export-');
after(() => rmSync(out, { recursive: true, force: true }));

type ErrorJson = { error: { code: string; message: string } };

test('with no Docker engine answering, the export says so and writes nothing', async () => {
  const fixture = registryFixture(fakeClock());
  const champion = fixture.register('churn', 'binary', 1);
  fixture.versions.promote(champion.id, { actor: 'test', reason: 'fixture' });
  const before = process.env.DOCKER_HOST;
  // dockerode reads DOCKER_HOST: a socket nothing listens on is an engine that does not answer.
  process.env.DOCKER_HOST = `unix://${join(out, 'no-engine.sock')}`;
  try {
    const file = join(out, 'none.tar');
    const outcome = await commandOutcome<ErrorJson>([registerPortable], fixture.workspace.paths.root, [
      'export',
      'churn:champion',
      file,
      '--format',
      'docker',
    ]);
    assert.equal(outcome.exitCode, 1);
    assert.equal(outcome.json.error.code, 'UNAVAILABLE');
    assert.match(
      outcome.json.error.message,
      /no Docker engine answers \(No Docker socket at .*no-engine\.sock/,
    );
    assert.deepEqual(readdirSync(out), []);
  } finally {
    if (before === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = before;
    fixture.workspace.cleanup();
  }
});

const engine = await isDockerAvailable();
test('saves the champion service image (built when missing) to a tar that docker load reads', {
  skip: engine.ok ? false : `no Docker engine answers here (${engine.reason}); CI starts one`,
}, async () => {
  const trained = await trainedWorkspace({ samples: 400 });
  const docker = createDockerClient();
  // The workspace id the runtime labels its images with (serving/create-runtime.ts).
  const workspaceId = sha256(trained.workspace.paths.root).slice(0, 16);
  try {
    const file = join(out, 'churn.tar');
    const report = await commandJson<ImageExportReport>([registerPortable], trained.workspace.paths.root, [
      'export',
      `${trained.champion.modelName}:champion`,
      file,
      '--format',
      'docker',
    ]);
    assert.equal(report.version, trained.champion.version);
    assert.equal(report.file, file);
    assert.equal(report.bytes, statSync(file).size);
    assert.match(report.image, /^podium\/dev-[a-z0-9.-]+:v\d+$/);
    // The layout docker save writes: manifest.json names the image's tag.
    const manifest = JSON.parse(
      execFileSync('tar', ['-xOf', file, 'manifest.json'], { encoding: 'utf8' }),
    ) as {
      RepoTags: string[] | null;
    }[];
    assert.ok(
      manifest.some((entry) => entry.RepoTags?.includes(report.image)),
      JSON.stringify(manifest),
    );
    assert.deepEqual(
      readdirSync(out).filter((name) => name.includes('.partial-')),
      [],
    );

    const again = await commandOutcome<ErrorJson>([registerPortable], trained.workspace.paths.root, [
      'export',
      'champion',
      file,
      '--format',
      'docker',
    ]);
    assert.equal(again.json.error.code, 'CONFLICT');
    assert.ok(existsSync(file));
  } finally {
    await removeWorkspaceObjects(docker, workspaceId);
    trained.workspace.cleanup();
  }
});
