import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Pool } from 'undici';
import { Gateway } from '../../main/serving/gateway.js';
import { PredictionLog } from '../../main/serving/prediction-log.js';
import {
  closeServedChampion,
  type ServedChampion,
  servedChampion,
} from '../helpers/model-service-fixture.js';
import { recordsFromCsv } from '../helpers/trained-workspace.js';

/**
 * The gateway sends the single predictions that arrive together to the champion as one
 * /batch_predict (dynamic-batcher.ts). Against a real model service: each caller still gets
 * the answer /predict gives its own record, with its own request id, and invalid records in a
 * batch are answered one by one with their own 400.
 */
let served: ServedChampion;
let service: FastifyInstance;
let serviceUrl: string;
let gateway: Gateway;
let pool: Pool;
let records: Record<string, unknown>[];

before(async () => {
  served = await servedChampion();
  service = served.app;
  serviceUrl = await service.listen({ host: '127.0.0.1', port: 0 });
  const { workspace, clock, champion, baselineFile } = served.trained;
  gateway = new Gateway({ modelName: 'credit-risk', log: new PredictionLog(workspace.db, clock) });
  await gateway.setChampion(champion.version, serviceUrl);
  const gatewayUrl = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  pool = new Pool(gatewayUrl, { connections: 32 });
  records = recordsFromCsv(baselineFile, 200);
});

after(async () => {
  await pool?.close();
  await gateway?.close();
  await closeServedChampion(served);
});

type Answer = { status: number; id: string; body: Record<string, unknown> };

async function post(client: Pool, body: unknown): Promise<Answer> {
  const response = await client.request({
    path: '/predict',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: response.statusCode,
    id: String(response.headers['x-request-id'] ?? ''),
    body: (await response.body.json()) as Record<string, unknown>,
  };
}

async function direct(body: unknown): Promise<Answer> {
  const client = new Pool(serviceUrl, { connections: 1 });
  try {
    return await post(client, body);
  } finally {
    await client.close();
  }
}

function withoutTimeAndId(body: Record<string, unknown>) {
  const { prediction_time: _time, request_id: _id, ...rest } = body;
  return rest;
}

async function serviceRequests(route: string): Promise<number> {
  const text = (await service.inject({ method: 'GET', url: '/metrics' })).body;
  let total = 0;
  for (const match of text.matchAll(/podium_model_requests_total\{route="([^"]+)"[^}]*\} (\d+)/g)) {
    if (match[1] === route) total += Number(match[2]);
  }
  return total;
}

test('concurrent predictions share batches to the champion; each caller gets its own record’s answer', async () => {
  const batchesBefore = await serviceRequests('/batch_predict');
  const answers = await Promise.all(records.map((record) => post(pool, record)));
  assert.ok(
    (await serviceRequests('/batch_predict')) > batchesBefore,
    'some predictions went to the champion together',
  );
  for (const [index, answer] of answers.entries()) {
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.request_id, answer.id, 'the answer carries the id the gateway gave it');
    const expected = await direct(records[index]);
    assert.deepEqual(withoutTimeAndId(answer.body), withoutTimeAndId(expected.body), `record ${index}`);
  }
  assert.equal(new Set(answers.map((answer) => answer.id)).size, answers.length, 'ids are unique');
  // The log pairs each request with the answer its caller got.
  await gateway.mirrorsIdle();
  const logged = served.trained.workspace.db
    .prepare("SELECT prediction_json FROM prediction_log WHERE request_id = ? AND role = 'champion'")
    .get(answers[7].id) as { prediction_json: string };
  assert.deepEqual(JSON.parse(logged.prediction_json), answers[7].body);
});

test('an invalid record among concurrent ones gets its own 400; the others are answered', async () => {
  const mixed = records.slice(0, 60).map((record, index) => {
    if (index % 10 !== 3) return record;
    return { ...record, application_date: 'not-a-date' };
  });
  const answers = await Promise.all(mixed.map((record) => post(pool, record)));
  const expectedError = (await direct(mixed[3])).body;
  for (const [index, answer] of answers.entries()) {
    if (index % 10 === 3) {
      assert.equal(answer.status, 400, `record ${index}`);
      assert.deepEqual(answer.body, expectedError);
    } else {
      assert.equal(answer.status, 200, `record ${index}: ${JSON.stringify(answer.body)}`);
    }
  }
});

test('a request that arrives alone goes to the champion alone, as /predict', async () => {
  const singles = await serviceRequests('/predict');
  const batches = await serviceRequests('/batch_predict');
  const answer = await post(pool, records[0]);
  assert.equal(answer.status, 200);
  assert.equal((await serviceRequests('/predict')) - singles, 1);
  assert.equal(await serviceRequests('/batch_predict'), batches);
});
