import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { ChampionChallengerManager } from '../../main/lifecycle/index.js';
import { hashToken, TOKEN_SHA256_ENV } from '../../main/serving/auth-guard.js';
import { assertBindAllowed } from '../../main/serving/bind-policy.js';
import { DockerRuntime } from '../../main/serving/docker/index.js';
import { Gateway } from '../../main/serving/gateway.js';
import { createModelService } from '../../main/serving/model-service.js';
import { PredictionLog } from '../../main/serving/prediction-log.js';
import { SupervisedService } from '../../main/serving/process-runtime.js';
import { ProcessRuntime } from '../../main/serving/runtime.js';
import { ServingController } from '../../main/serving/serving-controller.js';
import { storesOf } from '../helpers/stores.js';
import {
  firstBaselineRecord,
  type TrainedWorkspace,
  trainedWorkspace,
} from '../helpers/trained-workspace.js';
import { tempWorkspace } from '../helpers/workspace.js';

const TOKEN = 'podium-test-token-0123456789abcdef';
const TOKEN_SHA256 = hashToken(TOKEN);
const SERVICE_MAIN = fileURLToPath(new URL('../../main/serving/service-main.js', import.meta.url));

const good = { authorization: `Bearer ${TOKEN}` };
const wrong = { authorization: 'Bearer not-the-token-at-all-0000000000' };

let trained: TrainedWorkspace;
let record: Record<string, unknown>;
const closers: (() => Promise<unknown>)[] = [];

/** A model service with a token, answering on a real socket on 127.0.0.1. */
async function startService(packageDir: string, role: 'champion' | 'shadow', now?: () => number) {
  const service = await createModelService({
    packageDir,
    environment: 'dev',
    role,
    auth: { tokenSha256: TOKEN_SHA256, now },
  });
  await service.ready;
  const url = await service.app.listen({ host: '127.0.0.1', port: 0 });
  closers.push(() => service.app.close());
  return { service, url };
}

async function startGateway(championUrl: string, shadowUrl?: string, withToken = true) {
  const gateway = new Gateway({
    modelName: 'credit-risk',
    log: new PredictionLog(trained.workspace.db, trained.workspace.clock),
    auth: withToken ? { tokenSha256: TOKEN_SHA256 } : undefined,
  });
  await gateway.setChampion(1, championUrl);
  if (shadowUrl) gateway.addShadow(2, shadowUrl);
  const url = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
  closers.push(() => gateway.close());
  return { gateway, url };
}

async function call(
  base: string,
  method: 'GET' | 'POST' | 'OPTIONS',
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
) {
  const response = await request(`${base}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text };
}

function assertUnauthorized(answer: Awaited<ReturnType<typeof call>>, what: string) {
  assert.equal(answer.status, 401, `${what}: ${answer.text}`);
  assert.equal(answer.headers['www-authenticate'], 'Bearer', what);
  assert.equal(JSON.parse(answer.text).error.code, 'UNAUTHORIZED', what);
}

function assertNoCors(headers: Record<string, unknown>, what: string) {
  const cors = Object.keys(headers).filter((name) => name.toLowerCase().startsWith('access-control-'));
  assert.deepEqual(cors, [], `${what} sends no CORS headers`);
}

before(async () => {
  trained = await trainedWorkspace({ samples: 600 });
  record = firstBaselineRecord(trained);
});

after(async () => {
  for (const close of closers.reverse()) await close().catch(() => {});
  trained?.workspace.cleanup();
});

describe('a model service and a gateway with a token', () => {
  let serviceUrl: string;
  let gatewayUrl: string;

  before(async () => {
    const champion = await startService(trained.champion.packagePath, 'champion');
    const shadow = await startService(trained.challenger.packagePath, 'shadow');
    serviceUrl = champion.url;
    gatewayUrl = (await startGateway(champion.url, shadow.url)).url;
  });

  test('/health is open on both', async () => {
    for (const base of [serviceUrl, gatewayUrl]) {
      const health = await call(base, 'GET', '/health');
      assert.equal(health.status, 200, health.text);
      assert.equal(JSON.parse(health.text).status, 'ok');
    }
  });

  test('every other route of the model service wants the token', async () => {
    const routes = [
      ['POST', '/predict', record],
      ['POST', '/batch_predict', [record, record]],
      ['GET', '/model/info', undefined],
      ['GET', '/metrics', undefined],
    ] as const;
    for (const [method, path, body] of routes) {
      assertUnauthorized(await call(serviceUrl, method, path, {}, body), `${path} without a token`);
      assertUnauthorized(await call(serviceUrl, method, path, wrong, body), `${path} with a wrong token`);
      const ok = await call(serviceUrl, method, path, good, body);
      assert.equal(ok.status, 200, `${path} with the token: ${ok.text}`);
    }
    // Routes the service does not have are no way around it either.
    assertUnauthorized(await call(serviceUrl, 'POST', '/feedback', {}, []), 'an unknown route');
    assert.equal((await call(serviceUrl, 'POST', '/feedback', good, [])).status, 404);
    // The scheme is case-insensitive (RFC 7235); anything but a bearer token is not.
    const lower = await call(serviceUrl, 'GET', '/model/info', { authorization: `bearer ${TOKEN}` });
    assert.equal(lower.status, 200);
    const basic = await call(serviceUrl, 'GET', '/model/info', {
      authorization: `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}`,
    });
    assertUnauthorized(basic, 'basic auth');
  });

  test('every other route of the gateway wants the token, which it passes on to the services', async () => {
    const routes = [
      ['POST', '/predict', record],
      ['POST', '/batch_predict', [record, record]],
      ['GET', '/model/info', undefined],
      ['GET', '/metrics', undefined],
      ['POST', '/feedback', { request_id: 'nobody', actual: 1 }],
    ] as const;
    for (const [method, path, body] of routes) {
      assertUnauthorized(await call(gatewayUrl, method, path, {}, body), `gateway ${path} without a token`);
      assertUnauthorized(await call(gatewayUrl, method, path, wrong, body), `gateway ${path}, wrong token`);
    }
    // A 200 from the gateway's /predict is the champion's own answer: the token went through.
    const predicted = await call(gatewayUrl, 'POST', '/predict', good, record);
    assert.equal(predicted.status, 200, predicted.text);
    assert.equal(JSON.parse(predicted.text).model_version, 1);
    const requestId = String(predicted.headers['x-request-id']);
    const batch = await call(gatewayUrl, 'POST', '/batch_predict', good, [record, record]);
    assert.equal(batch.status, 200, batch.text);
    assert.equal(JSON.parse(batch.text).count, 2);
    const info = await call(gatewayUrl, 'GET', '/model/info', good);
    assert.equal(info.status, 200, info.text);
    assert.equal(JSON.parse(info.text).version, 1);
    const metrics = await call(gatewayUrl, 'GET', '/metrics', good);
    assert.equal(metrics.status, 200);
    assert.match(metrics.text, /podium_gateway_requests_total\{[^}]*status="401"/);
    const feedback = await call(gatewayUrl, 'POST', '/feedback', good, { request_id: requestId, actual: 1 });
    assert.equal(feedback.status, 200, feedback.text);
    assert.deepEqual(JSON.parse(feedback.text), { stored: 1 });

    // The mirrored request carried the token too: the shadow answered it with 200.
    const deadline = Date.now() + 5_000;
    let shadow: { status: number } | undefined;
    while (!shadow && Date.now() < deadline) {
      shadow = trained.workspace.db
        .prepare('SELECT status FROM prediction_log WHERE request_id = ? AND role = ?')
        .get(requestId, 'shadow') as { status: number } | undefined;
      if (!shadow) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal(shadow?.status, 200, 'the shadow accepted the forwarded token');
  });

  test('Open Inference: health is open, the rest wants the token, which the gateway passes on', async () => {
    const described = await call(serviceUrl, 'GET', '/v2/models/credit-risk', good);
    // One row, each input as its metadata says: FP64 numbers, BYTES text.
    const inputs = (JSON.parse(described.text).inputs as { name: string; datatype: string }[]).map(
      (input) => {
        const value = record[input.name] ?? null;
        const data = [value === null ? null : input.datatype === 'FP64' ? Number(value) : String(value)];
        return { name: input.name, shape: [1], datatype: input.datatype, data };
      },
    );
    for (const base of [serviceUrl, gatewayUrl]) {
      for (const path of ['/v2/health/live', '/v2/health/ready']) {
        assert.equal((await call(base, 'GET', path)).status, 200, `${base}${path} is open`);
      }
      assertUnauthorized(
        await call(base, 'GET', '/v2/models/credit-risk'),
        `${base} metadata without a token`,
      );
      assertUnauthorized(
        await call(base, 'POST', '/v2/models/credit-risk/infer', wrong, { inputs }),
        'infer',
      );
      const metadata = await call(base, 'GET', '/v2/models/credit-risk', good);
      assert.equal(metadata.status, 200, metadata.text);
      const answer = await call(base, 'POST', '/v2/models/credit-risk/infer', good, { inputs });
      assert.equal(answer.status, 200, answer.text);
    }
  });

  test('no CORS headers, and a browser preflight gets no permissive answer', async () => {
    const preflight = {
      origin: 'https://evil.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    };
    for (const base of [serviceUrl, gatewayUrl]) {
      const answer = await call(base, 'OPTIONS', '/predict', preflight);
      assert.ok(answer.status === 401 || answer.status === 404, `preflight answered ${answer.status}`);
      assertNoCors(answer.headers, 'a preflight');
      const withOrigin = await call(
        base,
        'POST',
        '/predict',
        { ...good, origin: 'https://evil.example' },
        record,
      );
      assert.equal(withOrigin.status, 200);
      assertNoCors(withOrigin.headers, 'a cross-origin request');
      assertNoCors(
        (await call(base, 'GET', '/health', { origin: 'https://evil.example' })).headers,
        '/health',
      );
    }
    // Without a token nothing changes there either: the preflight finds no route.
    const open = await startGateway(serviceUrl, undefined, false);
    const answer = await call(open.url, 'OPTIONS', '/predict', preflight);
    assert.equal(answer.status, 404);
    assertNoCors(answer.headers, 'a preflight to an open gateway');
  });
});

describe('repeated wrong tokens lock an address out', () => {
  test('the 11th wrong token within 60 s is a 429 with Retry-After, for that address only', async () => {
    let nowMs = 1_000_000;
    const service = await createModelService({
      packageDir: trained.champion.packagePath,
      environment: 'dev',
      role: 'champion',
      auth: { tokenSha256: TOKEN_SHA256, now: () => nowMs },
    });
    closers.push(() => service.app.close());
    await service.ready;
    const inject = (remoteAddress: string, headers: Record<string, string>, url = '/model/info') =>
      service.app.inject({ method: 'GET', url, headers, remoteAddress });

    // Requests without any token are not guesses: they are refused but never counted.
    for (let i = 0; i < 15; i++) assert.equal((await inject('10.0.0.1', {})).statusCode, 401);
    for (let i = 0; i < 10; i++) {
      const answer = await inject('10.0.0.1', wrong);
      assert.equal(answer.statusCode, 401, `attempt ${i + 1}`);
      nowMs += 1_000;
    }
    const locked = await inject('10.0.0.1', wrong);
    assert.equal(locked.statusCode, 429);
    assert.equal(locked.headers['retry-after'], '50', 'the window started 10 s ago');
    assert.equal(locked.json().error.code, 'TOO_MANY_FAILED_ATTEMPTS');

    // The lock-out is per address and covers every request from it, the right token included:
    // otherwise a 200 among the 429s would still tell a guesser when it had found the token.
    // Other addresses are not affected, and /health stays open.
    assert.equal((await inject('10.0.0.1', good)).statusCode, 429);
    assert.equal((await inject('10.0.0.2', good)).statusCode, 200);
    assert.equal((await inject('10.0.0.1', {}, '/health')).statusCode, 200);

    nowMs += 50_000;
    assert.equal((await inject('10.0.0.1', good)).statusCode, 200, 'the window has passed');
    assert.equal((await inject('10.0.0.1', wrong)).statusCode, 401, 'and counting starts again');
  });

  test('on the gateway, over a real socket; the service behind never sees the guesses', async () => {
    const champion = await startService(trained.champion.packagePath, 'champion');
    const { url } = await startGateway(champion.url);
    for (let i = 0; i < 10; i++) {
      assertUnauthorized(await call(url, 'POST', '/predict', wrong, record), `attempt ${i + 1}`);
    }
    const locked = await call(url, 'POST', '/predict', wrong, record);
    assert.equal(locked.status, 429, locked.text);
    const retryAfter = Number(locked.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.equal((await call(url, 'POST', '/predict', good, record)).status, 429, 'same address');
    // The gateway refused them itself, so the service has not locked out the gateway's address.
    const direct = await call(champion.url, 'POST', '/predict', good, record);
    assert.equal(direct.status, 200, direct.text);
  });
});

describe('a server on a non-loopback address needs a token', () => {
  // Not loopback, and never resolves: were a refusal missing, listen would fail rather than
  // open a port on every interface.
  const REFUSED_HOST = 'podium-refusal.invalid';
  const expectRefusal = (error: Error & { code?: string }) =>
    error.code === 'CONFIG_INVALID' &&
    error.message.includes('serving.host') &&
    error.message.includes('serving.auth_token');

  test('the shared check: loopback is always allowed, anything else only with a token', () => {
    for (const host of ['127.0.0.1', '::1', 'localhost']) assertBindAllowed(host, false);
    for (const host of ['0.0.0.0', '::', 'podium-lan-host.invalid']) {
      assert.throws(() => assertBindAllowed(host, false), expectRefusal);
      assertBindAllowed(host, true);
    }
  });

  test('the serving controller refuses to start the gateway on a non-loopback host without a token', async () => {
    const workspace = tempWorkspace({
      configure: (config) => {
        config.serving.host = REFUSED_HOST;
      },
    });
    try {
      const controller = new ServingController({
        workspace,
        shadow: new ChampionChallengerManager(workspace, storesOf(workspace)).shadow,
        stores: storesOf(workspace),
        modelName: 'credit-risk',
        runtime: new ProcessRuntime(),
        gatewayPort: 0,
      });
      await assert.rejects(controller.start(), expectRefusal);
      assert.equal(controller.url, null, 'nothing listens');
      await controller.stop();
    } finally {
      workspace.cleanup();
    }
  });

  test('so do the process runtime, the Docker runtime and the service process itself', async () => {
    const spec = {
      modelName: 'credit-risk',
      version: 1,
      role: 'champion' as const,
      packageDir: trained.champion.packagePath,
      host: REFUSED_HOST,
      port: 1,
      environment: 'dev',
      batchLimit: 10,
      logFile: join(trained.workspace.paths.logs, 'services', 'refused.log'),
    };
    const supervised = new SupervisedService(spec);
    await assert.rejects(supervised.start(), expectRefusal);
    assert.equal(supervised.pid, undefined, 'no process was started');
    await supervised.stop();
    // Refused before the engine is asked anything.
    await assert.rejects(new DockerRuntime({ workspaceId: 'auth-test' }).start(spec), expectRefusal);

    const { PODIUM_SERVING_AUTH_TOKEN: _plain, [TOKEN_SHA256_ENV]: _hash, ...env } = process.env;
    const args = [SERVICE_MAIN, '--package', spec.packageDir, '--port', '1', '--host', REFUSED_HOST];
    const refused = spawnSync(process.execPath, args, { env, encoding: 'utf8', timeout: 20_000 });
    assert.equal(refused.status, 2, refused.stderr);
    assert.match(refused.stderr, /serving\.host.*serving\.auth_token/);
    const badHash = spawnSync(process.execPath, args, {
      env: { ...env, [TOKEN_SHA256_ENV]: 'not-a-hash' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(badHash.status, 2, badHash.stderr);
    assert.match(badHash.stderr, new RegExp(TOKEN_SHA256_ENV));
  });
});
