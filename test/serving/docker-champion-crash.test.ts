import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type Dockerode from 'dockerode';
import type { DockerService } from '../../main/serving/docker/docker-service.js';
import { createDockerClient, DockerRuntime } from '../../main/serving/docker/index.js';
import { Gateway } from '../../main/serving/gateway.js';
import { PredictionLog } from '../../main/serving/prediction-log.js';
import { recoveryAfter } from '../helpers/champion-crash.js';
import { freeLoopbackPort, removeWorkspaceObjects } from '../helpers/docker.js';
import { startLoad } from '../helpers/gateway-load.js';
import {
  firstBaselineRecord,
  type TrainedWorkspace,
  trainedWorkspace,
} from '../helpers/trained-workspace.js';

/*
 * The Docker half of issue 7's "under load": the champion's container crashes (its process is
 * SIGKILLed from the host, as an out-of-memory kill would; `docker kill` would count as a user's
 * stop, which no restart policy undoes) while the gateway is under load. The engine's own
 * restart policy brings it back; meanwhile the gateway answers 503 with a clear code, never hangs.
 */
const skip = process.env.PODIUM_SKIP_DOCKER === '1' ? 'PODIUM_SKIP_DOCKER=1' : false;
const RUN = `${process.pid}-${Date.now().toString(36)}`;
const WORKSPACE_ID = `test-docker-crash-${RUN}`;

let trained: TrainedWorkspace;
let docker: Dockerode;
let runtime: DockerRuntime;
let champion: DockerService;
let gateway: Gateway;
let gatewayUrl: string;

before(async () => {
  if (skip) return;
  trained = await trainedWorkspace({ samples: 600 });
  docker = createDockerClient();
  runtime = new DockerRuntime({ workspaceId: WORKSPACE_ID, docker });
  champion = await runtime.start({
    modelName: 'credit-risk',
    version: 1,
    role: 'champion',
    packageDir: trained.champion.packagePath,
    host: '127.0.0.1',
    port: await freeLoopbackPort(),
    // Container names are global on the engine: unique per run.
    environment: `crashtest-${RUN}`,
    batchLimit: 10,
    logFile: join(trained.workspace.paths.logs, 'services', 'champion.log'),
  });
  gateway = new Gateway({
    modelName: 'credit-risk',
    log: new PredictionLog(trained.workspace.db, trained.clock),
  });
  await gateway.setChampion(1, champion.url);
  gatewayUrl = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
});

after(async () => {
  if (skip) return;
  try {
    await gateway?.close();
  } finally {
    if (docker) await removeWorkspaceObjects(docker, WORKSPACE_ID);
    trained?.workspace.cleanup();
  }
});

test('a crashed champion container is restarted by the engine; the gateway answers 503 meanwhile, never hangs', {
  skip,
}, async () => {
  const container = docker.getContainer(champion.id);
  const before = await container.inspect();
  const load = startLoad(gatewayUrl, { workers: 8, bodies: [JSON.stringify(firstBaselineRecord(trained))] });
  await sleep(1_000);
  const killedAt = Date.now();
  process.kill(before.State.Pid, 'SIGKILL');
  // Until the engine has restarted it and the gateway has answered 200 again, or 60 s pass.
  const deadline = Date.now() + 60_000;
  let restarted = before;
  while (Date.now() < deadline) {
    await sleep(250);
    restarted = await container.inspect();
    if (
      restarted.RestartCount > before.RestartCount &&
      (await fetch(`${champion.url}/health`).catch(() => null))?.ok
    )
      break;
  }
  await sleep(1_000);
  const outcomes = await load.stop();

  assert.ok(restarted.RestartCount > before.RestartCount, 'the restart policy restarted the container');
  assert.notEqual(restarted.State.Pid, before.State.Pid);
  const { afterKill, unavailable, recovered, seconds } = recoveryAfter(outcomes, killedAt);
  for (const outcome of afterKill) {
    assert.ok(
      outcome.status === 200 ||
        (outcome.status === 503 && ['CHAMPION_UNAVAILABLE', 'NOT_READY'].includes(outcome.code ?? '')),
      JSON.stringify(outcome),
    );
    assert.ok(outcome.ms < 5_000, `a request hung for ${outcome.ms} ms`);
  }
  assert.ok(unavailable.length > 0, 'the gateway said the champion was down');
  assert.ok(recovered && seconds !== undefined, 'the champion answered again after its restart');
  process.stdout.write(
    `# docker champion killed: ${unavailable.length} × 503, restarted by the engine, recovered in ${seconds.toFixed(2)} s\n`,
  );
});
