import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request } from 'undici';
import { PodiumError } from '../../main/contract/errors.js';
import { approveDecision } from '../../main/environments/index.js';
import { ChampionChallengerManager } from '../../main/lifecycle/index.js';
import { findFreePort } from '../../main/serving/free-port.js';
import { serviceEnvironment } from '../../main/serving/process-runtime.js';
import { ProcessRuntime } from '../../main/serving/runtime.js';
import { ServingController } from '../../main/serving/serving-controller.js';
import { storesOf } from '../helpers/stores.js';
import { type DevAndProd, devAndProd, PROD_TOKEN, releasedToProd } from './prod-fixture.js';

let env: DevAndProd;
let manager: ChampionChallengerManager;
let controller: ServingController | null = null;

before(async () => {
  env = await devAndProd();
  await releasedToProd(env, [env.trained.champion]);
  manager = new ChampionChallengerManager(env.prod, storesOf(env.prod));
  const request = manager.promotions.promote(manager.resolveVersion('1'), { actor: 'bob' });
  approveDecision(env.prod, storesOf(env.prod), { decisionId: request.id, approver: 'carol' });
});

after(async () => {
  await controller?.stop();
  env?.cleanup();
});

test('prod refuses to serve without its own token, before anything starts', () => {
  const tokenless = env.reopenProd((config) => {
    // A dev token is no prod token.
    config.serving.auth_token = 'dev-token-0123456789abcdef';
  });
  assert.equal(tokenless.config.serving.auth_token, undefined);
  assert.throws(
    () =>
      new ServingController({
        workspace: tokenless,
        shadow: new ChampionChallengerManager(tokenless, storesOf(tokenless)).shadow,
        stores: storesOf(tokenless),
        modelName: 'credit-risk',
        runtime: new ProcessRuntime(),
      }),
    (error: unknown) =>
      error instanceof PodiumError &&
      error.code === 'CONFIG_INVALID' &&
      /prod\.serving_auth_token/.test(error.message) &&
      /PODIUM_PROD_SERVING_AUTH_TOKEN/.test(error.message),
  );
});

test('prod services carry the environment in their name and /model/info, and require prod token', async () => {
  assert.equal(env.prod.config.serving.auth_token, PROD_TOKEN);
  assert.equal(env.prod.config.serving.port, env.prod.config.prod.serving_port);
  assert.notEqual(env.prod.config.serving.port, env.dev.config.serving.port);
  controller = new ServingController({
    workspace: env.prod,
    shadow: manager.shadow,
    stores: storesOf(env.prod),
    modelName: 'credit-risk',
    runtime: new ProcessRuntime(),
    gatewayPort: await findFreePort('127.0.0.1', 18000 + Math.floor(Math.random() * 1000)),
    reconcileIntervalMs: 60_000,
  });
  const url = await controller.start();
  const [service] = controller.services();
  assert.equal(service.handle.spec.environment, 'prod');
  assert.match(service.handle.spec.logFile, /podium-prod-credit-risk-v1\.log$/);

  const auth = { authorization: `Bearer ${PROD_TOKEN}` };
  for (const base of [url, service.handle.url]) {
    const refused = await request(`${base}/model/info`);
    assert.equal(refused.statusCode, 401, `${base} without the token`);
    await refused.body.dump();
    const info = await request(`${base}/model/info`, { headers: auth });
    assert.equal(info.statusCode, 200);
    const body = (await info.body.json()) as { environment: string; name: string; version: number };
    assert.equal(body.environment, 'prod');
    assert.equal(body.name, 'credit-risk');
    assert.equal(body.version, 1);
  }
});

test("prod's token given in the environment is not inherited by model services", () => {
  const inherited = process.env.PODIUM_PROD_SERVING_AUTH_TOKEN;
  process.env.PODIUM_PROD_SERVING_AUTH_TOKEN = PROD_TOKEN;
  try {
    const child = serviceEnvironment({ tokenSha256: 'a'.repeat(64) });
    assert.equal(child.PODIUM_PROD_SERVING_AUTH_TOKEN, undefined);
    assert.ok(!Object.values(child).includes(PROD_TOKEN));
  } finally {
    if (inherited === undefined) delete process.env.PODIUM_PROD_SERVING_AUTH_TOKEN;
    else process.env.PODIUM_PROD_SERVING_AUTH_TOKEN = inherited;
  }
});
