import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FuzzCase } from '../helpers/fuzz-bodies.js';
import {
  BODY_STORMS,
  bodyStorm,
  type FuzzFixture,
  malformedHttpStorm,
  type RawTally,
  startFuzzFixture,
  validCase,
} from '../helpers/fuzz-fixture.js';
import { describeStorm, problemWith, runStorm } from '../helpers/fuzz-storm.js';

/**
 * Bad input at volume: thousands of random and malformed bodies against a real model service
 * (in-process, with inject) and a real gateway in front of it (real sockets, so Node's HTTP
 * parser sees the bytes). No answer may be a 5xx, every 4xx carries {error: {code, message}},
 * and afterwards a valid request gets the same prediction it got before the storm.
 * Set FUZZ_SEED to replay a run; every failure message names the seed and the case index.
 * The storms are shared with the reliability benchmark, which counts what this test asserts.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_2026);
const PER_ENDPOINT = { predict: 3_000, batch: 2_000, gatewayPredict: 3_000, feedback: 2_000 };

let fixture: FuzzFixture;
const rssBefore = { bytes: 0 };

before(async () => {
  fixture = await startFuzzFixture();
  await new Promise((resolve) => setImmediate(resolve));
  rssBefore.bytes = process.memoryUsage().rss;
});

after(async () => {
  await fixture?.close();
});

/** 200 answers with unusable predictions, across every storm (checked by a test of their own). */
const unusableAnswers: string[] = [];

for (const spec of BODY_STORMS) {
  test(spec.name, async () => {
    const storm = bodyStorm(fixture, spec, PER_ENDPOINT);
    const tally = await runStorm(SEED, storm);
    console.log(describeStorm(SEED, tally));
    unusableAnswers.push(...tally.unusableAnswers);
    assert.equal(tally.tried, storm.count);
    assert.deepEqual(tally.failures, [], `seed ${SEED}:\n${tally.failures.join('\n')}`);
  });
}

test('a non-finite actual (1e400) is refused, not stored as a null label', async () => {
  const requestId = fixture.target.knownRequestIds[0];
  const answer = await fixture.sendToGateway('/feedback', {
    kind: 'non-finite-actual',
    body: `{"request_id":"${requestId}","actual":1e400}`,
    contentType: 'application/json',
  });
  const stored = fixture.trained.workspace.db
    .prepare('SELECT actual_json FROM feedback WHERE request_id = ?')
    .get(requestId) as { actual_json: string } | undefined;
  assert.ok(
    answer.status === 400 || stored?.actual_json !== 'null',
    `seed ${SEED}: 1e400 parses to Infinity, was answered ${answer.status} ${answer.body} and stored as ${stored?.actual_json}`,
  );
});

test('across the storms, no 200 answer carried a null prediction or null probabilities', () => {
  assert.deepEqual(unusableAnswers, [], `seed ${SEED}:\n${unusableAnswers.join('\n')}`);
});

test('huge finite numbers in two fields get finite probabilities or a 400, never a 200 with nulls', async () => {
  // 1e308 is a valid JSON number and passes the schema; Infinity − Infinity inside the model is NaN.
  const body = JSON.stringify({ ...fixture.target.record, annual_income: 1e308, savings_balance: -1e308 });
  for (const route of ['/predict', 'gateway /predict']) {
    const fuzz: FuzzCase = { kind: 'two-huge-numbers', body, contentType: 'application/json' };
    const answer =
      route === '/predict'
        ? await fixture.sendToService('/predict', fuzz)
        : await fixture.sendToGateway('/predict', fuzz);
    const problem = problemWith(route, answer);
    assert.equal(problem, null, `${route} answered ${answer.status} to ${body}: ${problem?.message}`);
  }
});

let raw: RawTally = { tried: 0, serverErrors: 0, contract: [], shape: [] };

test('malformed HTTP on real sockets: no 5xx, both servers keep serving', async () => {
  raw = await malformedHttpStorm(fixture, SEED);
  console.log(`fuzz malformed HTTP: ${raw.tried} raw requests`);
  const health = await fixture.gatewayPool.request({ path: '/health', method: 'GET' });
  assert.equal(health.statusCode, 200);
  await health.body.text();
  assert.equal((await fixture.service.inject({ method: 'GET', url: '/health' })).statusCode, 200);
  assert.deepEqual(raw.contract, []);
});

test('malformed HTTP on real sockets: the 4xx the HTTP parser causes use the {error: {code, message}} shape', () => {
  // Distinct kinds only: the same parser error repeats for every path.
  const distinct = [...new Set(raw.shape.map((line) => line.replace(/^seed=\d+ \S+ \S+ /, '')))];
  assert.deepEqual(distinct, [], `seed ${SEED}:\n${distinct.join('\n')}`);
});

test('after the storm: alive, unpolluted, the same prediction as before, memory bounded', async () => {
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was polluted');

  const health = await fixture.service.inject({ method: 'GET', url: '/health' });
  assert.equal(health.statusCode, 200);
  for (const answer of [
    await fixture.sendToService('/predict', validCase(fixture.target.record)),
    await fixture.sendToGateway('/predict', validCase(fixture.target.record)),
  ]) {
    assert.equal(answer.status, 200, answer.body);
    const { prediction, probabilities } = JSON.parse(answer.body);
    assert.deepEqual({ prediction, probabilities }, fixture.baseline, `seed ${SEED}`);
  }
  const gatewayHealth = await fixture.gatewayPool.request({ path: '/health', method: 'GET' });
  assert.equal(gatewayHealth.statusCode, 200);
  await gatewayHealth.body.text();

  const grownMb = (process.memoryUsage().rss - rssBefore.bytes) / 1e6;
  console.log(`fuzz: rss grew by ${grownMb.toFixed(0)} MB during the storm`);
  assert.ok(grownMb < 1_000, `seed ${SEED}: rss grew by ${grownMb.toFixed(0)} MB`);
});
