import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { Pool } from 'undici';
import { Gateway } from '../../main/serving/gateway.js';
import { PredictionLog } from '../../main/serving/prediction-log.js';
import { fakeClock, tempWorkspace } from '../helpers/workspace.js';

/** A stand-in model service: answers /predict after `delayMs`, like a slow or fast model would. */
function upstream(delayMs: number, version: number): Promise<Server> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () =>
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            prediction: '1',
            model_version: version,
            request_id: request.headers['x-request-id'],
          }),
        );
      }, delayMs),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const url = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const workspace = tempWorkspace({ clock: fakeClock() });
let champion: Server;
let slowShadow: Server;
let gateway: Gateway;
let gatewayUrl: string;

before(async () => {
  champion = await upstream(0, 1);
  slowShadow = await upstream(2_000, 2);
  gateway = new Gateway({
    modelName: 'm',
    log: new PredictionLog(workspace.db, workspace.clock),
    mirrorQueueLimit: 5,
    mirrorConcurrency: 2,
  });
  await gateway.setChampion(1, url(champion));
  gatewayUrl = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
});

after(async () => {
  await gateway.close();
  champion.close();
  slowShadow.close();
  workspace.cleanup();
});

async function burst(count: number): Promise<{ statuses: number[]; slowest: number }> {
  const pool = new Pool(gatewayUrl, { connections: 8 });
  let slowest = 0;
  const statuses = await Promise.all(
    Array.from({ length: count }, async () => {
      const started = performance.now();
      const response = await pool.request({
        path: '/predict',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"x": 1}',
      });
      await response.body.text();
      slowest = Math.max(slowest, performance.now() - started);
      return response.statusCode;
    }),
  );
  await pool.close();
  return { statuses, slowest };
}

test('a slow shadow adds no latency and no error to the champion; overflowing mirrors are dropped and counted', async () => {
  gateway.addShadow(2, url(slowShadow));
  const { statuses, slowest } = await burst(100);
  assert.deepEqual([...new Set(statuses)], [200]);
  assert.ok(slowest < 1_000, `the slowest answer took ${slowest.toFixed(0)} ms; the shadow takes 2,000`);
  assert.ok(gateway.droppedMirrors(2) > 0, 'mirrors beyond the bounded queue are dropped');
  const metrics = await gateway.registry.metrics();
  assert.match(metrics, /podium_gateway_mirrors_total\{version="2",outcome="dropped",model="m"\} [1-9]/);
  await gateway.removeShadow(2);
});

test('a stopped shadow costs the champion nothing; failed mirrors are counted', async () => {
  const dead = await upstream(0, 3);
  const deadUrl = url(dead);
  await new Promise((resolve) => dead.close(resolve));
  gateway.addShadow(3, deadUrl);
  const { statuses } = await burst(50);
  assert.deepEqual([...new Set(statuses)], [200]);
  await gateway.mirrorsIdle();
  assert.match(
    await gateway.registry.metrics(),
    /podium_gateway_mirrors_total\{version="3",outcome="failed",model="m"\} [1-9]/,
  );
  await gateway.removeShadow(3);
});

test('a dead champion is a clear 503, never a hang', async () => {
  const gone = await upstream(0, 4);
  const goneUrl = url(gone);
  await new Promise((resolve) => gone.close(resolve));
  await gateway.setChampion(4, goneUrl);
  const started = performance.now();
  const { statuses } = await burst(5);
  assert.deepEqual([...new Set(statuses)], [503]);
  assert.ok(performance.now() - started < 5_000);
  await gateway.setChampion(1, url(champion));
});
