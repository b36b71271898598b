import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type Dockerode from 'dockerode';
import { hashToken, TOKEN_SHA256_ENV } from '../../main/serving/auth-guard.js';
import { createDockerClient, DockerRuntime, isDockerAvailable } from '../../main/serving/docker/index.js';
import type { ServiceSpec } from '../../main/serving/service-spec.js';
import { freeLoopbackPort, removeWorkspaceObjects } from '../helpers/docker.js';
import { trainedWorkspace } from '../helpers/trained-workspace.js';

/* Runs against the real engine, like docker.test.ts; everything it creates carries its own workspace label. */
const skip = process.env.PODIUM_SKIP_DOCKER === '1' ? 'PODIUM_SKIP_DOCKER=1' : false;
const RUN = `${process.pid}-${Date.now().toString(36)}`;
const WORKSPACE_ID = `test-docker-auth-${RUN}`;
const MODEL = `docker-auth-${RUN}`;
const TOKEN = 'docker-token-0123456789abcdef0123';
const OTHER_TOKEN = 'docker-token-rotated-9876543210fe';

const removeTestObjects = (docker: Dockerode) => removeWorkspaceObjects(docker, WORKSPACE_ID);

test('a service container gets only the token hash, checks the token, and is replaced when it changes', {
  skip,
  timeout: 300_000,
}, async (t) => {
  const availability = await isDockerAvailable();
  assert.ok(
    availability.ok,
    `needs a running Docker engine (PODIUM_SKIP_DOCKER=1 skips): ${availability.reason}`,
  );
  const docker = createDockerClient();
  const trained = await trainedWorkspace({ samples: 600 });
  t.after(async () => {
    await removeTestObjects(docker);
    trained.workspace.cleanup();
  });
  const spec: ServiceSpec = {
    modelName: MODEL,
    version: 1,
    role: 'champion',
    packageDir: trained.champion.packagePath,
    host: '127.0.0.1',
    port: await freeLoopbackPort(),
    environment: 'dockertest',
    batchLimit: 100,
    tokenSha256: hashToken(TOKEN),
    logFile: join(trained.workspace.paths.logs, 'services', 'docker-auth.log'),
  };
  const runtime = new DockerRuntime({ workspaceId: WORKSPACE_ID });
  const service = await runtime.start(spec);
  const status = async (path: string, token?: string) => {
    const response = await fetch(`${service.url}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    await response.body?.cancel();
    return response.status;
  };
  assert.equal(await status('/health'), 200);
  assert.equal(await status('/model/info'), 401);
  assert.equal(await status('/metrics', OTHER_TOKEN), 401);
  assert.equal(await status('/model/info', TOKEN), 200);

  const inspected = await docker.getContainer(service.id).inspect();
  const env = inspected.Config.Env ?? [];
  assert.ok(env.includes(`${TOKEN_SHA256_ENV}=${hashToken(TOKEN)}`), 'the container has the hash');
  assert.ok(!env.some((entry) => entry.includes(TOKEN)), 'and not the token');
  assert.ok(!(inspected.Config.Cmd ?? []).join(' ').includes(TOKEN));

  // A later Podium reads the hash back, so it can tell a container started with another token.
  const [adopted] = await new DockerRuntime({ workspaceId: WORKSPACE_ID }).adopt();
  assert.deepEqual(adopted.spec, spec);

  const rotated = await runtime.start({ ...spec, tokenSha256: hashToken(OTHER_TOKEN) });
  assert.notEqual(rotated.id, service.id, 'a new token means a new container');
  assert.equal(await status('/model/info', TOKEN), 401);
  assert.equal(await status('/model/info', OTHER_TOKEN), 200);
  await rotated.stop();
});
