import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { Pool } from 'undici';
import { createRandom } from '../../main/common/random.js';
import { Gateway } from '../../main/serving/gateway.js';
import { createModelService } from '../../main/serving/model-service.js';
import { PredictionLog } from '../../main/serving/prediction-log.js';
import type { FuzzCase, InputField } from './fuzz-bodies.js';
import {
  BATCH_LIMIT,
  batchBody,
  type FuzzTarget,
  feedbackBody,
  predictBody,
} from './fuzz-endpoint-bodies.js';
import { type Answer, problemWith, type Storm } from './fuzz-storm.js';
import { malformedHttp, rawExchange } from './malformed-http.js';
import { firstBaselineRecord, type TrainedWorkspace, trainedWorkspace } from './trained-workspace.js';

/**
 * What the serving fuzz runs against: a real model service (in-process, reached with inject)
 * and a real gateway in front of it on a real socket (so Node's HTTP parser sees the bytes),
 * with a valid record, its fields, the record's prediction before any fuzzing, and request ids
 * the gateway has served (for feedback to refer to).
 */
export type FuzzFixture = {
  trained: TrainedWorkspace;
  service: FastifyInstance;
  gateway: Gateway;
  gatewayPool: Pool;
  urls: { service: string; gateway: string };
  target: FuzzTarget;
  baseline: { prediction: unknown; probabilities: unknown };
  sendToService(path: string, fuzz: FuzzCase): Promise<Answer>;
  sendToGateway(path: string, fuzz: FuzzCase): Promise<Answer>;
  close(): Promise<void>;
};

export const validCase = (record: Record<string, unknown>): FuzzCase => ({
  kind: 'valid',
  body: JSON.stringify(record),
  contentType: 'application/json',
});

export async function startFuzzFixture(): Promise<FuzzFixture> {
  const trained = await trainedWorkspace({ samples: 1500 });
  const created = await createModelService({
    packageDir: trained.champion.packagePath,
    environment: 'dev',
    role: 'champion',
    batchLimit: BATCH_LIMIT,
  });
  const service = created.app;
  await created.ready;
  const serviceUrl = await service.listen({ host: '127.0.0.1', port: 0 });
  const gateway = new Gateway({
    modelName: 'credit-risk',
    log: new PredictionLog(trained.workspace.db, trained.clock),
  });
  await gateway.setChampion(trained.champion.version, serviceUrl);
  const gatewayUrl = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  const gatewayPool = new Pool(gatewayUrl, { connections: 16, bodyTimeout: 30_000, headersTimeout: 30_000 });

  const headersOf = (fuzz: FuzzCase) =>
    fuzz.contentType === null ? {} : ({ 'content-type': fuzz.contentType } as Record<string, string>);
  const sendToService = async (url: string, fuzz: FuzzCase): Promise<Answer> => {
    const response = await service.inject({
      method: 'POST',
      url,
      payload: fuzz.body,
      headers: headersOf(fuzz),
    });
    return { status: response.statusCode, body: response.body };
  };
  const sendToGateway = async (path: string, fuzz: FuzzCase): Promise<Answer> => {
    try {
      const response = await gatewayPool.request({
        path,
        method: 'POST',
        body: fuzz.body,
        headers: headersOf(fuzz),
      });
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
  };

  const record = firstBaselineRecord(trained);
  const info = (await service.inject({ method: 'GET', url: '/model/info' })).json();
  const fields: InputField[] = info.input_signature.map((input: InputField) => ({
    name: input.name,
    type: input.type,
  }));
  const first = await sendToService('/predict', validCase(record));
  assert.equal(first.status, 200, first.body);
  const { prediction, probabilities } = JSON.parse(first.body);

  // Predictions served through the gateway, so feedback has real request ids to refer to.
  const knownRequestIds: string[] = [];
  for (let i = 0; i < 20; i++) {
    const answer = await sendToGateway('/predict', validCase(record));
    assert.equal(answer.status, 200, answer.body);
    knownRequestIds.push(answer.requestId as string);
  }
  return {
    trained,
    service,
    gateway,
    gatewayPool,
    urls: { service: serviceUrl, gateway: gatewayUrl },
    target: { record, fields, knownRequestIds },
    baseline: { prediction, probabilities },
    sendToService,
    sendToGateway,
    close: async () => {
      await gatewayPool.close();
      await gateway.close();
      await service.close();
      trained.workspace.cleanup();
    },
  };
}

export type StormCounts = { predict: number; batch: number; gatewayPredict: number; feedback: number };

const GENERATORS = { predict: predictBody, batch: batchBody, feedback: feedbackBody };

/** The body storms: /predict and /batch_predict on the service, /predict and /feedback through the gateway. */
export const BODY_STORMS = [
  {
    name: 'model service /predict: thousands of malformed bodies, never a 5xx, every 4xx explained',
    route: '/predict',
    server: 'service',
    path: '/predict',
    bodies: 'predict',
    count: 'predict',
    concurrency: 8,
  },
  {
    name: 'model service /batch_predict: malformed, mixed and oversized batches',
    route: '/batch_predict',
    server: 'service',
    path: '/batch_predict',
    bodies: 'batch',
    count: 'batch',
    concurrency: 8,
  },
  {
    name: 'gateway /predict over real sockets: malformed bodies pass through to clear 4xx answers',
    route: 'gateway /predict',
    server: 'gateway',
    path: '/predict',
    bodies: 'predict',
    count: 'gatewayPredict',
    concurrency: 16,
  },
  {
    name: 'gateway /feedback over real sockets: unknown ids, mixed arrays, wrong types',
    route: 'gateway /feedback',
    server: 'gateway',
    path: '/feedback',
    bodies: 'feedback',
    count: 'feedback',
    concurrency: 16,
  },
] as const;

export type BodyStorm = (typeof BODY_STORMS)[number];

export function bodyStorm(fixture: FuzzFixture, storm: BodyStorm, counts: StormCounts): Storm {
  const generate = GENERATORS[storm.bodies];
  return {
    name: storm.name,
    route: storm.route,
    count: counts[storm.count],
    concurrency: storm.concurrency,
    generate: (random, index) => generate(fixture.target, random, index),
    send: (fuzz) =>
      storm.server === 'service'
        ? fixture.sendToService(storm.path, fuzz)
        : fixture.sendToGateway(storm.path, fuzz),
  };
}

export type RawTally = { tried: number; serverErrors: number; contract: string[]; shape: string[] };

/** Requests that break HTTP itself, byte for byte on real sockets, to both servers. */
export async function malformedHttpStorm(fixture: FuzzFixture, seed: number): Promise<RawTally> {
  const tally: RawTally = { tried: 0, serverErrors: 0, contract: [], shape: [] };
  const targets = [
    { name: 'gateway', url: fixture.urls.gateway, paths: ['/predict', '/feedback'] },
    { name: 'service', url: fixture.urls.service, paths: ['/predict', '/batch_predict'] },
  ];
  for (const target of targets) {
    for (const path of target.paths) {
      const cases = malformedHttp(
        path,
        JSON.stringify(fixture.target.record),
        createRandom(seed + path.length),
      );
      const answers = await Promise.all(cases.map((c) => rawExchange(target.url, c.bytes)));
      cases.forEach((c, i) => {
        tally.tried++;
        for (const response of answers[i]) {
          const where = `seed=${seed} ${target.name} ${path} [${c.kind}]`;
          if (response.status >= 500) {
            tally.serverErrors++;
            tally.contract.push(`${where}: ${response.status} ${response.body}`);
          }
          const problem = problemWith(path, { status: response.status, body: response.body });
          if (problem !== null && response.status < 500) tally.shape.push(`${where}: ${problem.message}`);
        }
      });
    }
  }
  return tally;
}
