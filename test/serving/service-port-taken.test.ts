import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { PodiumError } from '../../main/contract/errors.js';
import { findFreePort } from '../../main/serving/free-port.js';
import { SupervisedService } from '../../main/serving/process-runtime.js';
import { ProcessRuntime, type Runtime } from '../../main/serving/runtime.js';
import type { ServiceSpec } from '../../main/serving/service-spec.js';
import { ServingController } from '../../main/serving/serving-controller.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';

let trained: TrainedWorkspace;

before(async () => {
  trained = await trainedWorkspace({ samples: 600 });
});

after(() => {
  trained?.workspace.cleanup();
});

/** Another workspace's model service, as far as /health tells: the same model and version. */
function otherService(port: number): Promise<Server> {
  const server = createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ status: 'ok', model: 'credit-risk', version: 1, role: 'champion' }));
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

test('a service whose port another service holds fails its start with the port named, instead of taking the other for itself', async () => {
  const port = await findFreePort('127.0.0.1', trained.workspace.config.serving.service_port_start);
  const other = await otherService(port);
  try {
    const service = new SupervisedService({
      modelName: 'credit-risk',
      version: 1,
      role: 'champion',
      packageDir: trained.champion.packagePath,
      host: '127.0.0.1',
      port,
      environment: 'dev',
      batchLimit: 10,
      logFile: join(trained.workspace.paths.logs, 'services', 'taken.log'),
    });
    const error = await service.start(20_000).then(
      () => assert.fail('the start should have failed'),
      (e: PodiumError) => e,
    );
    assert.equal(error.code, 'CONFLICT');
    assert.match(error.message, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}`));
    assert.match(error.message, /serving\.service_port_start/);
    assert.equal(service.state(), 'failed');
    await service.stop();
  } finally {
    other.close();
  }
});

test('a service port taken between the search and the bind (another workspace starting at once): the next free one is used', async () => {
  const blockers: Server[] = [];
  // The first port the controller picks is taken just before its service binds it.
  const racing: Runtime = {
    name: 'process',
    adopt: () => Promise.resolve([]),
    async start(spec: ServiceSpec) {
      if (blockers.length === 0) blockers.push(await otherService(spec.port));
      return new ProcessRuntime().start(spec);
    },
  };
  const controller = new ServingController({
    workspace: trained.workspace,
    shadow: trained.manager.shadow,
    stores: trained.stores,
    modelName: 'credit-risk',
    runtime: racing,
    gatewayPort: await findFreePort('127.0.0.1', 18000 + Math.floor(Math.random() * 1000)),
    reconcileIntervalMs: 60_000,
  });
  try {
    await controller.start();
    const [champion] = controller.services();
    const taken = (blockers[0].address() as { port: number }).port;
    assert.equal(champion.role, 'champion');
    assert.equal(champion.handle.state(), 'running');
    assert.notEqual(champion.handle.spec.port, taken);
    const health = await fetch(`${champion.handle.url}/health`);
    assert.equal(health.status, 200);
    assert.equal(trained.stores.services.get('credit-risk', 1)?.url, champion.handle.url);
  } finally {
    await controller.stop({ keepContainers: false });
    for (const blocker of blockers) blocker.close();
  }
});
