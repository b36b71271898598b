import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { Pool } from 'undici';
import { Gateway } from '../../main/serving/gateway.js';
import { PredictionLog } from '../../main/serving/prediction-log.js';
import { fakeClock, tempWorkspace } from '../helpers/workspace.js';

type Record_ = { x: number; bad?: boolean };

/**
 * A stand-in model service that predicts 2x for /predict and /batch_predict, answering after
 * `delayMs` (so a backlog of mirrors builds), and refusing records marked bad like a
 * validating service would: a batch holding one is refused whole.
 */
function service(
  delayMs: number,
  version: number,
  calls: { single: number; batch: number[] },
  refusesBad = true,
): Promise<Server> {
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => {
      text += chunk;
    });
    request.on('end', () =>
      setTimeout(() => {
        const body = JSON.parse(text) as Record_ | Record_[];
        const records = Array.isArray(body) ? body : [body];
        if (request.url === '/batch_predict') calls.batch.push(records.length);
        else calls.single++;
        response.setHeader('content-type', 'application/json');
        if (refusesBad && records.some((r) => r.bad)) {
          response.statusCode = 400;
          response.end(JSON.stringify({ error: { code: 'INVALID_INPUT', message: 'bad record' } }));
          return;
        }
        const answer = (r: Record_) => ({ prediction: r.x * 2 });
        const envelope = { model: 'm', model_version: version, prediction_time: '2026-01-01T00:00:00.000Z' };
        response.end(
          JSON.stringify(
            request.url === '/batch_predict'
              ? { predictions: records.map(answer), ...envelope, count: records.length }
              : { ...answer(records[0]), ...envelope, request_id: request.headers['x-request-id'] },
          ),
        );
      }, delayMs),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const url = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const workspace = tempWorkspace({ clock: fakeClock() });
const championCalls = { single: 0, batch: [] as number[] };
const shadowCalls = { single: 0, batch: [] as number[] };
let champion: Server;
let shadow: Server;
let gateway: Gateway;
let gatewayUrl: string;

before(async () => {
  champion = await service(0, 1, championCalls);
  shadow = await service(30, 2, shadowCalls);
  gateway = new Gateway({
    modelName: 'm',
    log: new PredictionLog(workspace.db, workspace.clock),
    mirrorConcurrency: 1,
    mirrorBatch: 16,
  });
  await gateway.setChampion(1, url(champion));
  gateway.addShadow(2, url(shadow));
  gatewayUrl = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
});

after(async () => {
  await gateway.close();
  champion.close();
  shadow.close();
  workspace.cleanup();
});

test('a backlog of mirrors goes to the shadow in batches, logged as one paired row per request', async () => {
  const pool = new Pool(gatewayUrl, { connections: 8 });
  const records: Record_[] = Array.from({ length: 120 }, (_, i) => ({
    x: i,
    ...(i === 57 ? { bad: true } : {}),
  }));
  // The champion refuses the bad record, so it is logged but never mirrored.
  const ids = await Promise.all(
    records.map(async (record) => {
      const response = await pool.request({
        path: '/predict',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(record),
      });
      await response.body.text();
      return { id: String(response.headers['x-request-id']), status: response.statusCode, record };
    }),
  );
  await pool.close();
  await gateway.mirrorsIdle();
  assert.equal(ids.filter((r) => r.status === 200).length, 119);
  assert.ok(
    shadowCalls.batch.some((size) => size > 1),
    `mirrors were batched: ${JSON.stringify(shadowCalls)}`,
  );
  const rows = workspace.db
    .prepare(
      'SELECT request_id, version, role, features_json, prediction_json, status, latency_ms FROM prediction_log',
    )
    .all() as {
    request_id: string;
    version: number;
    role: string;
    features_json: string | null;
    prediction_json: string | null;
    status: number;
    latency_ms: number;
  }[];
  for (const { id, status, record } of ids) {
    const mine = rows.filter((row) => row.request_id === id);
    const championRow = mine.find((row) => row.role === 'champion');
    assert.ok(championRow, `champion row for ${id}`);
    assert.equal(championRow.status, status);
    if (status !== 200) {
      assert.equal(mine.length, 1, 'a refused request is not mirrored');
      continue;
    }
    assert.deepEqual(JSON.parse(championRow.features_json ?? ''), record);
    const shadowRow = mine.find((row) => row.role === 'shadow');
    assert.ok(shadowRow, `shadow row for ${id}`);
    assert.equal(shadowRow.version, 2);
    assert.equal(shadowRow.status, 200);
    assert.ok(shadowRow.latency_ms > 0);
    assert.deepEqual(JSON.parse(shadowRow.prediction_json ?? ''), {
      prediction: record.x * 2,
      model: 'm',
      model_version: 2,
      prediction_time: '2026-01-01T00:00:00.000Z',
      request_id: id,
    });
  }
});

test('a batch the shadow refuses is retried one request at a time: only the bad one is lost', async () => {
  shadowCalls.single = 0;
  shadowCalls.batch.length = 0;
  // A champion that accepts the record marked bad, a shadow that refuses it (its own schema).
  const shadowOnlyBad = await service(30, 3, shadowCalls);
  await gateway.removeShadow(2);
  gateway.addShadow(3, url(shadowOnlyBad));
  const lenientChampion = await service(0, 4, championCalls, false);
  await gateway.setChampion(4, url(lenientChampion));
  const pool = new Pool(gatewayUrl, { connections: 8 });
  const answers = await Promise.all(
    Array.from({ length: 40 }, async (_, i) => {
      const response = await pool.request({
        path: '/predict',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ x: i, ...(i === 13 ? { bad: true } : {}) }),
      });
      await response.body.text();
      return String(response.headers['x-request-id']);
    }),
  );
  await pool.close();
  await gateway.mirrorsIdle();
  const shadowRows = workspace.db
    .prepare("SELECT request_id, status FROM prediction_log WHERE version = 3 AND role = 'shadow'")
    .all() as { request_id: string; status: number }[];
  const statusOf = new Map(shadowRows.map((row) => [row.request_id, row.status]));
  for (const [i, id] of answers.entries())
    assert.equal(statusOf.get(id), i === 13 ? 400 : 200, `request ${i}`);
  assert.ok(shadowCalls.single > 0, 'the refused batch was retried one by one');
  lenientChampion.close();
  shadowOnlyBad.close();
});
