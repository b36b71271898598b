import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { findFreePort } from '../../main/serving/free-port.js';
import { SupervisedService } from '../../main/serving/process-runtime.js';
import { waitHealthy } from '../../main/serving/service-spec.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';

let trained: TrainedWorkspace;
let service: SupervisedService;

before(async () => {
  trained = await trainedWorkspace({ samples: 600 });
  const port = await findFreePort('127.0.0.1', trained.workspace.config.serving.service_port_start);
  service = new SupervisedService(
    {
      modelName: 'credit-risk',
      version: 1,
      role: 'champion',
      packageDir: trained.champion.packagePath,
      host: '127.0.0.1',
      port,
      environment: 'dev',
      batchLimit: 10,
      logFile: join(trained.workspace.paths.logs, 'services', 'test.log'),
    },
    { initialDelayMs: 100, maxDelayMs: 1_000, stableAfterMs: 60_000 },
  );
  await service.start();
});

after(async () => {
  await service?.stop();
  trained?.workspace.cleanup();
});

test('a service that dies is restarted by its supervisor and serves again', async () => {
  const firstPid = service.pid!;
  process.kill(firstPid, 'SIGKILL');
  const deadline = Date.now() + 20_000;
  while ((service.pid === firstPid || service.state() !== 'running') && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.notEqual(service.pid, firstPid, 'a new process was started');
  assert.equal(service.restarts(), 1);
  await waitHealthy(service.url, 10_000);
  assert.equal(service.state(), 'running');
});

test('logs go to the workspace and stop is graceful', async () => {
  const pid = service.pid!;
  await service.stop();
  assert.equal(service.state(), 'stopped');
  assert.throws(() => process.kill(pid, 0), 'the process is gone');
  const log = readFileSync(service.spec.logFile, 'utf8');
  assert.match(log, /model loaded; ready/);
  assert.match(log, /exit code null signal SIGKILL/);
  assert.match(log, /SIGTERM: draining and stopping/);
});
