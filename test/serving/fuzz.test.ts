import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Pool } from 'undici';
import { createRandom, type Random } from '../../main/common/random.js';
import { Gateway } from '../../main/serving/gateway.js';
import { createModelService } from '../../main/serving/model-service.js';
import { PredictionLog } from '../../main/serving/prediction-log.js';
import {
  firstBaselineRecord,
  type TrainedWorkspace,
  trainedWorkspace,
} from '../helpers/trained-workspace.js';
import type { FuzzCase, InputField } from './fuzz-bodies.js';
import {
  BATCH_LIMIT,
  batchBody as batchBodyFor,
  type FuzzTarget,
  feedbackBody as feedbackBodyFor,
  predictBody as predictBodyFor,
} from './fuzz-endpoint-bodies.js';
import { malformedHttp, rawExchange } from './malformed-http.js';

/**
 * Bad input at volume: thousands of random and malformed bodies against a real model service
 * (in-process, with inject) and a real gateway in front of it (real sockets, so Node's HTTP
 * parser sees the bytes). No answer may be a 5xx, every 4xx carries {error: {code, message}},
 * and afterwards a valid request gets the same prediction it got before the storm.
 * Set FUZZ_SEED to replay a run; every failure message names the seed and the case index.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_2026);
const PER_ENDPOINT = { predict: 3_000, batch: 2_000, gatewayPredict: 3_000, feedback: 2_000 };

let trained: TrainedWorkspace;
let service: FastifyInstance;
let gateway: Gateway;
let gatewayPool: Pool;
let record: Record<string, unknown>;
let fields: InputField[];
let baseline: { prediction: unknown; probabilities: unknown };
const knownRequestIds: string[] = [];
const rssBefore = { bytes: 0 };
const urls = { service: '', gateway: '' };
const serviceUrlOf = () => urls.service;
const gatewayUrlOf = () => urls.gateway;

before(async () => {
  trained = await trainedWorkspace({ samples: 1500 });
  const created = await createModelService({
    packageDir: trained.champion.packagePath,
    environment: 'dev',
    role: 'champion',
    batchLimit: BATCH_LIMIT,
  });
  service = created.app;
  await created.ready;
  const serviceUrl = await service.listen({ host: '127.0.0.1', port: 0 });
  gateway = new Gateway({
    modelName: 'credit-risk',
    log: new PredictionLog(trained.workspace.db, trained.clock),
  });
  await gateway.setChampion(trained.champion.version, serviceUrl);
  const gatewayUrl = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  urls.service = serviceUrl;
  urls.gateway = gatewayUrl;
  gatewayPool = new Pool(gatewayUrl, { connections: 16, bodyTimeout: 30_000, headersTimeout: 30_000 });

  record = firstBaselineRecord(trained);
  const info = (await service.inject({ method: 'GET', url: '/model/info' })).json();
  fields = info.input_signature.map((input: InputField) => ({ name: input.name, type: input.type }));

  const first200 = await service.inject({
    method: 'POST',
    url: '/predict',
    payload: JSON.stringify(record),
    headers: { 'content-type': 'application/json' },
  });
  assert.equal(first200.statusCode, 200, first200.body);
  baseline = { prediction: first200.json().prediction, probabilities: first200.json().probabilities };

  // Predictions served through the gateway, so feedback has real request ids to refer to.
  for (let i = 0; i < 20; i++) {
    const answer = await sendToGateway('/predict', {
      kind: 'valid',
      body: JSON.stringify(record),
      contentType: 'application/json',
    });
    assert.equal(answer.status, 200, answer.body);
    knownRequestIds.push(answer.requestId as string);
  }
  await new Promise((resolve) => setImmediate(resolve));
  rssBefore.bytes = process.memoryUsage().rss;
});

after(async () => {
  await gatewayPool?.close();
  await gateway?.close();
  await service?.close();
  trained?.workspace.cleanup();
});

type Answer = { status: number; body: string; requestId?: string; error?: string };

async function sendToService(url: string, fuzz: FuzzCase): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (fuzz.contentType !== null) headers['content-type'] = fuzz.contentType;
  const response = await service.inject({ method: 'POST', url, payload: fuzz.body, headers });
  return { status: response.statusCode, body: response.body };
}

async function sendToGateway(path: string, fuzz: FuzzCase): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (fuzz.contentType !== null) headers['content-type'] = fuzz.contentType;
  try {
    const response = await gatewayPool.request({ path, method: 'POST', body: fuzz.body, headers });
    const body = await response.body.text();
    const requestId = response.headers['x-request-id'];
    return {
      status: response.statusCode,
      body,
      requestId: typeof requestId === 'string' ? requestId : undefined,
    };
  } catch (error) {
    return {
      status: 0,
      body: '',
      error: `${(error as { code?: string }).code ?? ''} ${(error as Error).message}`,
    };
  }
}

type Tally = { tried: number; statuses: Map<number, number>; failures: string[]; unusable: number };

/**
 * What is wrong with an answer, whatever was sent: `contract` for a 5xx, no answer, or a 4xx
 * outside the {error: {code, message}} shape; `answer` for a 200 whose prediction is unusable.
 */
function problemWith(route: string, answer: Answer): { kind: 'contract' | 'answer'; message: string } | null {
  const contract = (message: string) => ({ kind: 'contract' as const, message });
  if (answer.status === 0) return contract(`no answer: ${answer.error}`);
  if (answer.status >= 500) return contract(`status ${answer.status}: ${answer.body.slice(0, 300)}`);
  if (answer.status >= 400) {
    let parsed: { error?: { code?: unknown; message?: unknown } };
    try {
      parsed = JSON.parse(answer.body);
    } catch {
      return contract(`status ${answer.status} with a body that is not JSON: ${answer.body.slice(0, 300)}`);
    }
    const error = parsed?.error;
    if (typeof error?.code !== 'string' || error.code === '')
      return contract(`status ${answer.status} without error.code: ${answer.body.slice(0, 300)}`);
    if (typeof error.message !== 'string' || error.message === '')
      return contract(`status ${answer.status} without error.message: ${answer.body.slice(0, 300)}`);
    return null;
  }
  if (answer.status === 200 && route.endsWith('predict')) {
    const unusable = (message: string) => ({ kind: 'answer' as const, message });
    let body: { predictions?: unknown[] };
    try {
      body = JSON.parse(answer.body);
    } catch {
      return unusable(`200 with a body that is not JSON: ${answer.body.slice(0, 300)}`);
    }
    const predictions = (route.endsWith('batch_predict') ? body.predictions : [body]) as {
      prediction?: unknown;
      probabilities?: Record<string, unknown>;
    }[];
    for (const prediction of predictions) {
      if (prediction.prediction === null || prediction.prediction === undefined)
        return unusable(`200 without a prediction: ${answer.body.slice(0, 300)}`);
      const probabilities = Object.values(prediction.probabilities ?? {});
      if (!probabilities.every((p) => typeof p === 'number' && Number.isFinite(p)))
        return unusable(`200 with non-finite probabilities: ${answer.body.slice(0, 300)}`);
    }
  }
  return null;
}

/** 200 answers with unusable predictions, across every storm (checked by a test of their own). */
const unusableAnswers: string[] = [];

/** Runs `count` cases with `concurrency` in flight; case i is generated from its own seed. */
async function storm(
  route: string,
  count: number,
  concurrency: number,
  generate: (random: Random, index: number) => FuzzCase,
  send: (fuzz: FuzzCase) => Promise<Answer>,
): Promise<Tally> {
  const tally: Tally = { tried: 0, statuses: new Map(), failures: [], unusable: 0 };
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const fuzz = generate(createRandom(SEED + index * 7919 + route.length), index);
      const answer = await send(fuzz);
      tally.tried++;
      tally.statuses.set(answer.status, (tally.statuses.get(answer.status) ?? 0) + 1);
      const problem = problemWith(route, answer);
      if (problem === null) continue;
      const sent = typeof fuzz.body === 'string' ? fuzz.body : `bytes ${fuzz.body.toString('hex')}`;
      const line = `seed=${SEED} route=${route} case=${index} kind=${fuzz.kind} content-type=${fuzz.contentType}: ${problem.message}\n    sent: ${sent.slice(0, 400)}`;
      const list = problem.kind === 'contract' ? tally.failures : unusableAnswers;
      if (list.length < 10) list.push(line);
      if (problem.kind === 'answer') tally.unusable++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const statuses = [...tally.statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
  console.log(
    `fuzz ${route}: ${tally.tried} bodies (seed ${SEED}); statuses ${statuses.join(', ')}; 200s with unusable predictions: ${tally.unusable}`,
  );
  return tally;
}

function assertClean(tally: Tally, count: number): void {
  assert.equal(tally.tried, count);
  assert.deepEqual(tally.failures, [], `seed ${SEED}:\n${tally.failures.join('\n')}`);
}

const target = (): FuzzTarget => ({ record, fields, knownRequestIds });
const predictBody = (random: Random, index: number) => predictBodyFor(target(), random, index);
const batchBody = (random: Random, index: number) => batchBodyFor(target(), random, index);
const feedbackBody = (random: Random, index: number) => feedbackBodyFor(target(), random, index);

const STORMS = [
  {
    name: 'model service /predict: thousands of malformed bodies, never a 5xx, every 4xx explained',
    route: '/predict',
    count: PER_ENDPOINT.predict,
    concurrency: 8,
    generate: predictBody,
    send: (fuzz: FuzzCase) => sendToService('/predict', fuzz),
  },
  {
    name: 'model service /batch_predict: malformed, mixed and oversized batches',
    route: '/batch_predict',
    count: PER_ENDPOINT.batch,
    concurrency: 8,
    generate: batchBody,
    send: (fuzz: FuzzCase) => sendToService('/batch_predict', fuzz),
  },
  {
    name: 'gateway /predict over real sockets: malformed bodies pass through to clear 4xx answers',
    route: 'gateway /predict',
    count: PER_ENDPOINT.gatewayPredict,
    concurrency: 16,
    generate: predictBody,
    send: (fuzz: FuzzCase) => sendToGateway('/predict', fuzz),
  },
  {
    name: 'gateway /feedback over real sockets: unknown ids, mixed arrays, wrong types',
    route: 'gateway /feedback',
    count: PER_ENDPOINT.feedback,
    concurrency: 16,
    generate: feedbackBody,
    send: (fuzz: FuzzCase) => sendToGateway('/feedback', fuzz),
  },
];

for (const { name, route, count, concurrency, generate, send } of STORMS) {
  test(name, async () => {
    assertClean(await storm(route, count, concurrency, generate, send), count);
  });
}

test('a non-finite actual (1e400) is refused, not stored as a null label', async () => {
  const requestId = knownRequestIds[0];
  const answer = await sendToGateway('/feedback', {
    kind: 'non-finite-actual',
    body: `{"request_id":"${requestId}","actual":1e400}`,
    contentType: 'application/json',
  });
  const stored = trained.workspace.db
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
  const body = JSON.stringify({ ...record, annual_income: 1e308, savings_balance: -1e308 });
  for (const route of ['/predict', 'gateway /predict']) {
    const fuzz: FuzzCase = { kind: 'two-huge-numbers', body, contentType: 'application/json' };
    const answer =
      route === '/predict' ? await sendToService('/predict', fuzz) : await sendToGateway('/predict', fuzz);
    const problem = problemWith(route, answer);
    assert.equal(problem, null, `${route} answered ${answer.status} to ${body}: ${problem?.message}`);
  }
});

const rawProblems: { contract: string[]; shape: string[]; tried: number } = {
  contract: [],
  shape: [],
  tried: 0,
};

test('malformed HTTP on real sockets: no 5xx, both servers keep serving', async () => {
  const targets = [
    { name: 'gateway', url: gatewayUrlOf(), paths: ['/predict', '/feedback'] },
    { name: 'service', url: serviceUrlOf(), paths: ['/predict', '/batch_predict'] },
  ];
  for (const target of targets) {
    for (const path of target.paths) {
      const cases = malformedHttp(path, JSON.stringify(record), createRandom(SEED + path.length));
      const answers = await Promise.all(cases.map((c) => rawExchange(target.url, c.bytes)));
      cases.forEach((c, i) => {
        rawProblems.tried++;
        for (const response of answers[i]) {
          const where = `seed=${SEED} ${target.name} ${path} [${c.kind}]`;
          if (response.status >= 500)
            rawProblems.contract.push(`${where}: ${response.status} ${response.body}`);
          const problem = problemWith(path, { status: response.status, body: response.body });
          if (problem !== null && response.status < 500)
            rawProblems.shape.push(`${where}: ${problem.message}`);
        }
      });
    }
  }
  console.log(`fuzz malformed HTTP: ${rawProblems.tried} raw requests`);
  const health = await gatewayPool.request({ path: '/health', method: 'GET' });
  assert.equal(health.statusCode, 200);
  await health.body.text();
  assert.equal((await service.inject({ method: 'GET', url: '/health' })).statusCode, 200);
  assert.deepEqual(rawProblems.contract, []);
});

test('malformed HTTP on real sockets: the 4xx the HTTP parser causes use the {error: {code, message}} shape', () => {
  // Distinct kinds only: the same parser error repeats for every path.
  const distinct = [...new Set(rawProblems.shape.map((line) => line.replace(/^seed=\d+ \S+ \S+ /, '')))];
  assert.deepEqual(distinct, [], `seed ${SEED}:\n${distinct.join('\n')}`);
});

test('after the storm: alive, unpolluted, the same prediction as before, memory bounded', async () => {
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was polluted');

  const health = await service.inject({ method: 'GET', url: '/health' });
  assert.equal(health.statusCode, 200);
  const direct = await sendToService('/predict', {
    kind: 'valid',
    body: JSON.stringify(record),
    contentType: 'application/json',
  });
  assert.equal(direct.status, 200, direct.body);
  const directBody = JSON.parse(direct.body);
  assert.deepEqual(
    { prediction: directBody.prediction, probabilities: directBody.probabilities },
    baseline,
    `seed ${SEED}`,
  );

  const viaGateway = await sendToGateway('/predict', {
    kind: 'valid',
    body: JSON.stringify(record),
    contentType: 'application/json',
  });
  assert.equal(viaGateway.status, 200, viaGateway.body);
  const gatewayBody = JSON.parse(viaGateway.body);
  assert.deepEqual(
    { prediction: gatewayBody.prediction, probabilities: gatewayBody.probabilities },
    baseline,
    `seed ${SEED}`,
  );
  const gatewayHealth = await gatewayPool.request({ path: '/health', method: 'GET' });
  assert.equal(gatewayHealth.statusCode, 200);
  await gatewayHealth.body.text();

  const grownMb = (process.memoryUsage().rss - rssBefore.bytes) / 1e6;
  console.log(`fuzz: rss grew by ${grownMb.toFixed(0)} MB during the storm`);
  assert.ok(grownMb < 1_000, `seed ${SEED}: rss grew by ${grownMb.toFixed(0)} MB`);
});
