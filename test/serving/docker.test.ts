import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type Dockerode from 'dockerode';
import { isPodiumError } from '../../main/contract/errors.js';
import { ingestCsv, writeSampleData } from '../../main/data/index.js';
import { type PackageManifest, writeModelPackage } from '../../main/registry/index.js';
import {
  createDockerClient,
  DockerRuntime,
  demuxLogs,
  isDockerAvailable,
  LABEL,
} from '../../main/serving/docker/index.js';
import type { ServiceSpec } from '../../main/serving/service-spec.js';
import {
  generateModelConfig,
  type ModelSignature,
  SIGNATURE_FILE,
  stringifyModelConfig,
  trainModel,
} from '../../main/training/index.js';
import { freeLoopbackPort, removeWorkspaceObjects } from '../helpers/docker.js';
import { tempDir } from '../helpers/workspace.js';

/*
 * Runs against the real engine. Everything the test creates carries its own workspace label and
 * is removed at the end, pass or fail. The base image (podium/node-base:…) and the runtime
 * image (podium/runtime:<hash>) stay cached on purpose: they are shared by every Podium
 * workspace, and rebuilding them is most of a first run's time.
 */
const skip = process.env.PODIUM_SKIP_DOCKER === '1' ? 'PODIUM_SKIP_DOCKER=1' : false;
const RUN = `${process.pid}-${Date.now().toString(36)}`;
const WORKSPACE_ID = `test-docker-${RUN}`;
const ENVIRONMENT = 'dockertest';
// Container names and image tags are global on the engine: unique per run, so runs can overlap.
const MODEL = `docker-test-${RUN}`;

/** A real model package: sample data → snapshot → linear model → package with manifest. */
async function trainPackage(dir: string, modelName: string): Promise<string> {
  const csv = await writeSampleData({ samples: 500, drift: false, outputDir: dir });
  const snapshot = await ingestCsv(csv, { datasetsDir: join(dir, 'datasets'), target: 'target', workers: 1 });
  const config = generateModelConfig(snapshot.profile, 'target', { modelType: 'linear', seed: 42 });
  const trainedDir = join(dir, 'trained');
  const result = await trainModel({
    config,
    datasetPath: snapshot.path,
    profile: snapshot.profile,
    packageDir: trainedDir,
  });
  const manifest: PackageManifest = {
    format: 'podium-model-package/1',
    name: modelName,
    version: 1,
    task: result.task,
    target: 'target',
    model_type: config.model_type,
    signature: result.signature,
    metrics: result.metrics.test,
    lineage: { run_id: 'docker-test', dataset_id: snapshot.id, config_sha256: 'none' },
    library_versions: {},
    backend: result.backend,
    created_at: new Date().toISOString(),
  };
  const packageDir = join(dir, 'package-v1');
  await writeModelPackage({
    trainedDir,
    targetDir: packageDir,
    manifest,
    referenceProfile: snapshot.profile,
    modelConfigYaml: stringifyModelConfig(config),
  });
  return packageDir;
}

/** One valid record for the package's signature. */
async function sampleRecord(packageDir: string): Promise<Record<string, unknown>> {
  const signature = JSON.parse(await readFile(join(packageDir, SIGNATURE_FILE), 'utf8')) as ModelSignature;
  const values = { number: 1, category: 'x', binary: '0', date: '2023-01-15' } as const;
  return Object.fromEntries(
    signature.inputs.map((input) => [input.name, input.allowed?.[0] ?? values[input.type]]),
  );
}

const removeTestObjects = (docker: Dockerode) => removeWorkspaceObjects(docker, WORKSPACE_ID);

function spec(
  overrides: Partial<ServiceSpec> & Pick<ServiceSpec, 'packageDir' | 'port' | 'logFile'>,
): ServiceSpec {
  return {
    modelName: MODEL,
    version: 1,
    role: 'champion',
    host: '127.0.0.1',
    environment: ENVIRONMENT,
    batchLimit: 100,
    ...overrides,
  };
}

test('demuxLogs reads multiplexed stdout/stderr frames and plain TTY text', () => {
  const frame = (stream: number, text: string) => {
    const body = Buffer.from(text);
    const header = Buffer.alloc(8);
    header[0] = stream;
    header.writeUInt32BE(body.length, 4);
    return Buffer.concat([header, body]);
  };
  assert.equal(demuxLogs(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')])), 'out\nerr\n');
  assert.equal(demuxLogs(Buffer.from('plain text\n')), 'plain text\n');
  assert.equal(demuxLogs(Buffer.alloc(0)), '');
});

test('isDockerAvailable names the socket when there is none', async () => {
  const result = await isDockerAvailable({ socketPath: '/nonexistent/docker.sock' });
  assert.equal(result.ok, false);
  assert.match(result.reason ?? '', /\/nonexistent\/docker\.sock/);
});

test('Docker runtime: build, serve, adopt, stop a trained model package', {
  skip,
  timeout: 300_000,
}, async (t) => {
  const availability = await isDockerAvailable();
  assert.ok(
    availability.ok,
    `These tests need a running Docker engine (set PODIUM_SKIP_DOCKER=1 to skip them): ${availability.reason}`,
  );
  const docker = createDockerClient();
  const dir = tempDir('podium-docker-');
  t.after(async () => {
    await removeTestObjects(docker);
    await rm(dir, { recursive: true, force: true });
  });

  let started = Date.now();
  const packageDir = await trainPackage(dir, MODEL);
  t.diagnostic(`trained the package in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const port = await freeLoopbackPort();
  const serviceSpec = spec({ packageDir, port, logFile: join(dir, 'logs', 'service.log') });
  const runtime = new DockerRuntime({ workspaceId: WORKSPACE_ID });

  await t.test('builds the base, runtime and model images (cached after the first run)', async () => {
    started = Date.now();
    const images = await runtime.prepareImages(serviceSpec);
    t.diagnostic(
      `images in ${((Date.now() - started) / 1000).toFixed(1)} s: base ${images.base.ref} (${images.base.source}), ` +
        `runtime ${images.runtime.ref} (${images.runtime.built ? 'built' : 'cached'}, ${images.runtime.modules} packages), ` +
        `model ${images.model.ref} (${images.model.built ? 'built' : 'cached'})`,
    );
    assert.equal(images.model.ref, `podium/${ENVIRONMENT}-${MODEL}:v1`);
    const model = await docker.getImage(images.model.ref).inspect();
    assert.equal(model.Config.Labels?.[LABEL.workspace], WORKSPACE_ID);
    assert.equal(model.Config.Labels?.[LABEL.runtimeImage], images.runtime.ref);
    assert.ok(model.Config.Healthcheck?.Test?.join(' ').includes('/health'), 'the image has a health check');
    // The same package and runtime reuse the model image.
    const again = await runtime.prepareImages(serviceSpec);
    assert.equal(again.model.built, false);
    assert.equal(again.model.id, images.model.id);
  });

  let containerId = '';
  await t.test('starts a container that serves /health, /predict and /model/info', async () => {
    started = Date.now();
    const service = await runtime.start(serviceSpec);
    t.diagnostic(`container healthy ${((Date.now() - started) / 1000).toFixed(1)} s after start()`);
    containerId = service.id;
    assert.equal(service.runtime, 'docker');
    assert.equal(service.url, `http://127.0.0.1:${port}`);
    assert.equal(service.state(), 'running');

    const health = await fetch(`${service.url}/health`);
    assert.equal(health.status, 200);
    const predict = await fetch(`${service.url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(await sampleRecord(packageDir)),
    });
    const prediction = (await predict.json()) as { prediction?: unknown; model_version?: number };
    assert.equal(predict.status, 200, JSON.stringify(prediction));
    assert.ok(prediction.prediction !== undefined, 'the answer holds a prediction');
    assert.equal(prediction.model_version, 1);
    const info = (await (await fetch(`${service.url}/model/info`)).json()) as Record<string, unknown>;
    assert.equal(info.environment, ENVIRONMENT);
    assert.equal(info.version, 1);
    assert.equal(info.role, 'champion');

    const inspected = await docker.getContainer(service.id).inspect();
    const labels = inspected.Config.Labels ?? {};
    assert.equal(inspected.Name, `/podium-${ENVIRONMENT}-${MODEL}-v1`);
    assert.equal(labels[LABEL.managed], 'true');
    assert.equal(labels[LABEL.workspace], WORKSPACE_ID);
    assert.equal(labels[LABEL.model], MODEL);
    assert.equal(labels[LABEL.version], '1');
    assert.equal(labels[LABEL.role], 'champion');
    assert.equal(labels[LABEL.environment], ENVIRONMENT);
    assert.equal(inspected.HostConfig.NetworkMode, 'host');
    assert.equal(inspected.HostConfig.RestartPolicy?.Name, 'on-failure');
    assert.equal(inspected.Config.User, '1000:1000');

    const stats = await service.stats();
    assert.ok(stats.memoryBytes > 1_000_000, `memory ${stats.memoryBytes}`);
    assert.ok(stats.cpuPercent >= 0);
    assert.match(await service.logs(20), /model loaded; ready/);
    assert.equal(service.restarts(), 0);
  });

  await t.test('a new DockerRuntime (Podium started again) adopts the running container', async () => {
    const again = new DockerRuntime({ workspaceId: WORKSPACE_ID });
    const adopted = await again.adopt();
    assert.equal(adopted.length, 1);
    const [service] = adopted;
    assert.equal(service.id, containerId);
    assert.deepEqual(service.spec, serviceSpec);
    assert.equal(service.state(), 'running');
    assert.equal((await fetch(`${service.url}/health`)).status, 200);

    // Another workspace sees nothing of it, and may not take its container name.
    const other = new DockerRuntime({ workspaceId: `${WORKSPACE_ID}-other` });
    assert.deepEqual(await other.adopt(), []);
    await assert.rejects(
      other.start(serviceSpec),
      (error) => isPodiumError(error) && error.code === 'CONFLICT',
    );

    /*
     * Starting the same spec again takes the running container over instead of replacing it.
     * Through the first runtime: it has its runtime image memoised, while a fresh one rehashes
     * dist/, which a concurrent build may have changed (and then replacing is the right answer).
     */
    const same = await runtime.start(serviceSpec);
    assert.equal(same.id, containerId);
  });

  await t.test('stop() drains, archives the log and removes the container', async () => {
    const [service] = await runtime.adopt();
    await service.stop();
    assert.equal(service.state(), 'stopped');
    await assert.rejects(
      docker.getContainer(containerId).inspect(),
      (error: { statusCode?: number }) => error.statusCode === 404,
    );
    assert.deepEqual(await runtime.list(), []);
    assert.match(await readFile(serviceSpec.logFile, 'utf8'), /SIGTERM: draining and stopping/);
    // Logs still answer from the archive once the container is gone.
    assert.match(await service.logs(50), /model loaded; ready/);
  });

  await t.test('a package whose model cannot load fails start() fast and leaves no container', async () => {
    const broken = join(dir, 'package-v2');
    await writeModelPackageCopy(packageDir, broken);
    const brokenSpec = spec({
      packageDir: broken,
      version: 2,
      port,
      logFile: join(dir, 'logs', 'broken.log'),
    });
    started = Date.now();
    await assert.rejects(runtime.start(brokenSpec), (error) => {
      assert.ok(isPodiumError(error));
      assert.match(error.message, /did not become healthy/);
      assert.match(String(error.details?.logs), /could not load the model/);
      return true;
    });
    t.diagnostic(`broken model rejected in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.deepEqual(await runtime.list(), []);
  });
});

/** A copy of the package with its preprocessing made unreadable JSON, so loading fails. */
async function writeModelPackageCopy(from: string, to: string): Promise<void> {
  const { cp } = await import('node:fs/promises');
  await cp(from, to, { recursive: true });
  await writeFile(join(to, 'preprocessing.json'), '{ not json');
}
