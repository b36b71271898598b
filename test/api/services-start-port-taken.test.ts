import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PodiumClient } from '../../main/app/index.js';
import type { PodiumErrorData } from '../../main/contract/errors.js';
import { generateSampleData } from '../../main/data/index.js';
import { freeLoopbackPort } from '../helpers/docker.js';
import { type ApiFixture, apiFixture, jobOutcome } from './api-fixture.js';

const MODEL = 'credit-risk';

async function trainChampion(client: PodiumClient): Promise<void> {
  const dataset = await client.send('data.ingest', {
    fileName: 'baseline.csv',
    csvText: generateSampleData({ samples: 1000, drift: false, seed: 5 }),
  });
  const { jobId } = await client.send('train.start', {
    datasetId: dataset.id,
    target: 'target',
    modelType: 'linear',
  });
  await jobOutcome(client, jobId);
  const promoted = await client.send('decisions.promote', { model: MODEL, version: 1, reason: 'first' });
  assert.equal(promoted.outcome, 'promote');
}

describe('services.start in a second workspace whose gateway port the first one serves on', () => {
  let a: ApiFixture;
  let b: ApiFixture;
  let gatewayPort: number;
  const servicePortStart = 20_000 + Math.floor(Math.random() * 30_000);
  before(async () => {
    // Both workspaces start their model services at the same port, as two default configs do.
    const configure = (config: ApiFixture['config']['config']) => {
      config.serving.service_port_start = servicePortStart;
    };
    a = apiFixture({ configure });
    b = apiFixture({ configure });
    await trainChampion(a.client);
    await trainChampion(b.client);
    gatewayPort = await freeLoopbackPort();
    await a.client.send('services.start', { model: MODEL, runtime: 'process', gatewayPort });
  });
  after(async () => {
    await b?.cleanup();
    await a?.cleanup();
  });

  it('rejects at once with a CONFLICT naming the port, the other gateway and how to choose another; nothing of it keeps running', async () => {
    const error = await b.client
      .send('services.start', { model: MODEL, runtime: 'process', gatewayPort })
      .then(
        () => assert.fail('services.start should have failed'),
        (e: PodiumErrorData) => e,
      );
    assert.equal(error.code, 'CONFLICT');
    assert.equal(
      error.message,
      `The gateway for ${MODEL} cannot listen on 127.0.0.1:${gatewayPort}: another Podium gateway holds it (serving ${MODEL}, champion v1), most likely another workspace's. ` +
        "Choose another port: `podium serve --port N`, serving.port in config.local.yaml, or the Gateway port field in the UI's Services view.",
    );
    assert.equal((error.details as { port?: number }).port, gatewayPort);

    const status = await b.client.send('services.status', {});
    assert.deepEqual(
      status.gateways.map((g) => [g.model, g.running, g.url]),
      [[MODEL, false, null]],
    );
    assert.ok(
      status.services.every((s) => s.state !== 'running'),
      JSON.stringify(status.services),
    );
    // The champion it started before the gateway failed was stopped, its process gone.
    for (const service of await b.client.send('services.list', {})) {
      if (service.handle === null) continue;
      assert.throws(() => process.kill(Number(service.handle), 0), `B's service pid ${service.handle} ended`);
    }
    // The first workspace's gateway is untouched.
    const health = await fetch(`http://127.0.0.1:${gatewayPort}/health`);
    assert.equal(((await health.json()) as { status: string }).status, 'ok');
  });

  it('serves on another port, its champion on the next free service port, not the first workspace’s', async () => {
    const otherPort = await freeLoopbackPort();
    const status = await b.client.send('services.start', {
      model: MODEL,
      runtime: 'process',
      gatewayPort: otherPort,
    });
    assert.equal(status.gateways.find((g) => g.model === MODEL)?.url, `http://127.0.0.1:${otherPort}`);
    const [champion] = status.services;
    const [championA] = (await a.client.send('services.status', {})).services;
    assert.equal(championA.url, `http://127.0.0.1:${servicePortStart}`);
    assert.equal(champion.state, 'running');
    assert.notEqual(champion.url, championA.url);
    await b.client.send('services.stop', {});
  });
});
