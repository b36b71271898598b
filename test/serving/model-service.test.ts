import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import {
  closeServedChampion,
  type ServedChampion,
  servedChampion,
} from '../helpers/model-service-fixture.js';
import { firstBaselineRecord } from '../helpers/trained-workspace.js';

let served: ServedChampion;
let app: FastifyInstance;
let record: Record<string, unknown>;

before(async () => {
  served = await servedChampion({ batchLimit: 5 });
  app = served.app;
  record = firstBaselineRecord(served.trained);
});

after(() => closeServedChampion(served));

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url,
    payload: payload as string,
    headers: { 'content-type': 'application/json', ...headers },
  });

test('health, model info and one prediction with class probabilities', async () => {
  const health = await app.inject({ method: 'GET', url: '/health' });
  assert.equal(health.statusCode, 200);
  assert.equal(health.json().status, 'ok');

  const info = (await app.inject({ method: 'GET', url: '/model/info' })).json();
  assert.equal(info.name, 'credit-risk');
  assert.equal(info.version, 1);
  assert.equal(info.task, 'binary');
  assert.equal(info.environment, 'dev');
  assert.ok(info.input_signature.some((input: { name: string }) => input.name === 'credit_score'));
  assert.ok(info.lineage.run_id && info.lineage.dataset_id);
  assert.ok(info.metrics.roc_auc > 0.5);

  const response = await post('/predict', JSON.stringify(record), { 'x-request-id': 'req-1' });
  assert.equal(response.statusCode, 200, response.body);
  const body = response.json();
  assert.ok(['0', '1'].includes(String(body.prediction)));
  const probabilities = Object.values(body.probabilities as Record<string, number>);
  assert.ok(Math.abs(probabilities.reduce((a, b) => a + b, 0) - 1) < 1e-6);
  assert.equal(body.model_version, 1);
  assert.equal(body.request_id, 'req-1');
  assert.ok(!Number.isNaN(Date.parse(body.prediction_time)));
});

test('a missing date or a mistyped field is a 400 that names it; a missing number is filled', async () => {
  const { application_date: _date, ...noDate } = record;
  const noField = await post('/predict', JSON.stringify(noDate));
  assert.equal(noField.statusCode, 400);
  assert.match(noField.json().error.message, /application_date/);
  assert.equal(noField.json().error.details.field, 'application_date');

  const { credit_score: _dropped, ...missing } = record;
  const filled = await post('/predict', JSON.stringify(missing));
  assert.equal(filled.statusCode, 200, filled.body);
  assert.deepEqual(
    filled.json().warnings.map((w: { field: string; code: string }) => [w.field, w.code]),
    [['credit_score', 'not_sent']],
  );

  const wrongType = await post('/predict', JSON.stringify({ ...record, annual_income: 'lots' }));
  assert.equal(wrongType.statusCode, 400);
  assert.match(wrongType.json().error.message, /annual_income/);
  assert.match(wrongType.json().error.message, /number/);
});

test('an unseen category is answered and counted, never a crash', async () => {
  const response = await post('/predict', JSON.stringify({ ...record, loan_purpose: 'space_travel' }));
  assert.equal(response.statusCode, 200, response.body);
  const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  assert.match(metrics, /podium_model_unseen_categories_total\{[^}]*\} [1-9]/);
});

test('malformed JSON, an empty body and an oversized batch are 4xx with clear messages', async () => {
  const malformed = await post('/predict', '{"age": 4');
  assert.equal(malformed.statusCode, 400);
  assert.match(malformed.json().error.message, /JSON/);

  const notObject = await post('/predict', '[1,2,3]');
  assert.equal(notObject.statusCode, 400);

  const tooMany = await post('/batch_predict', JSON.stringify(Array.from({ length: 6 }, () => record)));
  assert.equal(tooMany.statusCode, 413);
  assert.match(tooMany.json().error.message, /At most 5 records/);

  const badRecord = await post('/batch_predict', JSON.stringify([record, { ...record, age: 'old' }]));
  assert.equal(badRecord.statusCode, 400);
  assert.match(badRecord.json().error.message, /age/);

  const batch = await post('/batch_predict', JSON.stringify({ records: [record, record] }));
  assert.equal(batch.statusCode, 200, batch.body);
  assert.equal(batch.json().predictions.length, 2);

  const health = await app.inject({ method: 'GET', url: '/health' });
  assert.equal(health.statusCode, 200, 'the service keeps serving');
});

test('metrics are Prometheus text by model and version', async () => {
  const response = await app.inject({ method: 'GET', url: '/metrics' });
  assert.match(response.headers['content-type'] as string, /text\/plain/);
  assert.match(
    response.body,
    /podium_model_requests_total\{[^}]*route="\/predict"[^}]*model="credit-risk"[^}]*version="1"/,
  );
  assert.match(response.body, /podium_model_request_duration_seconds_bucket/);
  assert.match(response.body, /podium_model_errors_total\{[^}]*kind="client"/);
});
