import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import {
  closeServedChampion,
  type ServedChampion,
  servedChampion,
} from '../helpers/model-service-fixture.js';
import { firstBaselineRecord } from '../helpers/trained-workspace.js';

/**
 * The model service answers POST /predict and /batch_predict on bare node:http before Fastify
 * (service-hot-path.ts). Every body here is sent twice: over a real socket (the hot path) and
 * with inject (Fastify's routes, which the hot path must match), and the two answers must be
 * the same but for the time and the request id.
 */
let served: ServedChampion;
let app: FastifyInstance;
let base: string;
let record: Record<string, unknown>;

before(async () => {
  served = await servedChampion({ batchLimit: 5, bodyLimitBytes: 64 * 1024 });
  app = served.app;
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  record = firstBaselineRecord(served.trained);
});

after(() => closeServedChampion(served));

type Answer = { status: number; body: Record<string, unknown>; contentType: string };

/** POST over a real socket; `chunked` sends the body without a length (Fastify's path). */
function overSocket(path: string, body: string, headers: Record<string, string> = {}, chunked = false) {
  return new Promise<Answer>((resolve, reject) => {
    const request = httpRequest(
      `${base}${path}`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(chunked ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
          ...headers,
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: JSON.parse(text),
            contentType: String(response.headers['content-type']),
          }),
        );
      },
    );
    request.on('error', reject);
    if (chunked) request.write(body.slice(0, 1));
    request.end(chunked ? body.slice(1) : body);
  });
}

async function inProcess(path: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await app.inject({
    method: 'POST',
    url: path,
    payload: body,
    headers: { 'content-type': 'application/json', ...headers },
  });
  return {
    status: response.statusCode,
    body: response.json(),
    contentType: String(response.headers['content-type']),
  };
}

/** An answer without what differs from call to call. */
function comparable(answer: Answer) {
  const { prediction_time: time, request_id: id, ...rest } = answer.body;
  if (answer.status === 200) {
    assert.ok(!Number.isNaN(Date.parse(String(time))), 'a prediction time');
    assert.equal(typeof id, 'string');
  }
  return { status: answer.status, body: rest, contentType: answer.contentType };
}

const bodies = (): [string, string, string][] => {
  const { credit_score: _dropped, ...missing } = record;
  return [
    ['one record', '/predict', JSON.stringify(record)],
    ['an unseen category', '/predict', JSON.stringify({ ...record, loan_purpose: 'space_travel' })],
    ['a missing field', '/predict', JSON.stringify(missing)],
    ['a mistyped field', '/predict', JSON.stringify({ ...record, annual_income: 'lots' })],
    ['a number beyond the limit', '/predict', JSON.stringify({ ...record, annual_income: 1e300 })],
    ['malformed JSON', '/predict', '{"age": 4'],
    ['an array to /predict', '/predict', '[1,2,3]'],
    ['a string to /predict', '/predict', '"hello"'],
    ['null to /predict', '/predict', 'null'],
    ['prototype poisoning', '/predict', `{"__proto__": {"admin": true}, "age": 1}`],
    ['constructor poisoning', '/predict', `{"constructor": {"prototype": {"admin": true}}}`],
    ['a batch', '/batch_predict', JSON.stringify([record, { ...record, age: 70 }])],
    ['a batch under records', '/batch_predict', JSON.stringify({ records: [record, record] })],
    ['an empty batch', '/batch_predict', '[]'],
    ['a batch over the limit', '/batch_predict', JSON.stringify(Array.from({ length: 6 }, () => record))],
    ['a batch with a bad record', '/batch_predict', JSON.stringify([record, { ...record, age: 'old' }])],
    ['a batch that is not an array', '/batch_predict', '{"rows": []}'],
    ['a batch of non-objects', '/batch_predict', '[1, "a", null]'],
  ];
};

test('over a socket and in process, every body gets the same answer', async () => {
  for (const [name, path, body] of bodies()) {
    const hot = comparable(await overSocket(path, body));
    const routed = comparable(await inProcess(path, body));
    assert.deepEqual(hot, routed, name);
    assert.match(hot.contentType, /^application\/json/, name);
  }
});

test('a chunked body, a JSON type with other parameters and an id from the caller take Fastify’s route, with the same answers', async () => {
  const plain = comparable(await overSocket('/predict', JSON.stringify(record)));
  const chunked = comparable(await overSocket('/predict', JSON.stringify(record), {}, true));
  assert.deepEqual(chunked, plain);
  const typed = comparable(
    await overSocket('/predict', JSON.stringify(record), {
      'content-type': 'application/json; charset=UTF-8; x=1',
    }),
  );
  assert.deepEqual(typed, plain);
  const withId = await overSocket('/predict', JSON.stringify(record), { 'x-request-id': 'caller-7' });
  assert.equal(withId.body.request_id, 'caller-7');
});

test('a body over the limit is refused by Fastify with 413, and the service keeps serving', async () => {
  const big = JSON.stringify({ ...record, note: 'x'.repeat(70 * 1024) });
  const answer = await overSocket('/predict', big);
  assert.equal(answer.status, 413);
  assert.equal((answer.body.error as { code: string }).code, 'BODY_TOO_LARGE');
  assert.equal((await overSocket('/predict', JSON.stringify(record))).status, 200);
});

test('answers from the hot path are counted in the same metrics as Fastify’s', async () => {
  const metrics = async () => (await app.inject({ method: 'GET', url: '/metrics' })).body;
  const count = (text: string, route: string, status: number) =>
    Number(
      new RegExp(`podium_model_requests_total\\{route="${route}",status="${status}"[^}]*\\} (\\d+)`).exec(
        text,
      )?.[1] ?? 0,
    );
  const before = await metrics();
  await overSocket('/predict', JSON.stringify(record));
  await overSocket('/predict', '{"age": 4');
  await overSocket('/batch_predict', JSON.stringify([record]));
  const after = await metrics();
  assert.equal(count(after, '/predict', 200) - count(before, '/predict', 200), 1);
  assert.equal(count(after, '/predict', 400) - count(before, '/predict', 400), 1);
  assert.equal(count(after, '/batch_predict', 200) - count(before, '/batch_predict', 200), 1);
  assert.match(after, /podium_model_errors_total\{kind="client"/);
});
