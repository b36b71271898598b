import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { request } from 'undici';
import { hashToken, TOKEN_SHA256_ENV } from '../../main/serving/auth-guard.js';
import { replay } from '../../main/serving/replay.js';
import type { ServingController } from '../../main/serving/serving-controller.js';
import { startServingController } from '../helpers/serving-controller.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';

const TOKEN = 'end-to-end-token-fedcba9876543210';
let trained: TrainedWorkspace;
let controller: ServingController;
let url: string;
const inherited = process.env.PODIUM_SERVING_AUTH_TOKEN;

before(async () => {
  trained = await trainedWorkspace({
    samples: 3000,
    configure: (config) => {
      config.serving.auth_token = TOKEN;
    },
  });
  const decision = await trained.manager.evaluateChallenger(`credit-risk:${trained.challenger.version}`);
  assert.equal(decision.outcome, 'start_shadow', decision.summary);
  // As if `podium serve` had been given the token in its environment: the children must not inherit it.
  process.env.PODIUM_SERVING_AUTH_TOKEN = TOKEN;
  ({ controller, url } = await startServingController(trained));
});

after(async () => {
  if (inherited === undefined) delete process.env.PODIUM_SERVING_AUTH_TOKEN;
  else process.env.PODIUM_SERVING_AUTH_TOKEN = inherited;
  await controller?.stop();
  trained?.workspace.cleanup();
});

test('one token works end to end: gateway, champion and the mirrored shadow', async () => {
  const result = await replay({
    gatewayUrl: url,
    file: trained.driftFile,
    rate: 2000,
    limit: 200,
    token: TOKEN,
  });
  assert.equal(result.failed, 0, JSON.stringify(result.statuses));
  assert.equal(result.ok, 200);
  assert.equal(result.labelled, 200);
  await controller.gateway.mirrorsIdle();
  const rows = trained.workspace.db
    .prepare('SELECT role, status, COUNT(*) AS n FROM prediction_log GROUP BY role, status ORDER BY role')
    .all();
  assert.deepEqual(
    rows.map((row) => ({ ...(row as object) })),
    [
      { role: 'champion', status: 200, n: 200 },
      { role: 'shadow', status: 200, n: 200 },
    ],
  );

  await assert.rejects(
    replay({ gatewayUrl: url, file: trained.driftFile, rate: 2000, limit: 5 }),
    /status 401/,
    'without the token the gateway answers nothing but /health',
  );
  const health = await request(`${url}/health`);
  assert.equal(health.statusCode, 200);
  assert.equal(((await health.body.json()) as { status: string }).status, 'ok');
});

test('each service checks the token itself, so going around the gateway does not help', async () => {
  for (const { handle } of controller.services()) {
    const health = await request(`${handle.url}/health`);
    await health.body.text();
    assert.equal(health.statusCode, 200);
    for (const path of ['/model/info', '/metrics']) {
      const open = await request(`${handle.url}${path}`);
      await open.body.text();
      assert.equal(open.statusCode, 401, `${handle.url}${path}`);
      const authorized = await request(`${handle.url}${path}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      await authorized.body.text();
      assert.equal(authorized.statusCode, 200, `${handle.url}${path} with the token`);
    }
  }
});

test('a service process gets only the hash of the token, in neither its arguments nor its environment', {
  skip: process.platform !== 'linux' && 'reads /proc',
}, () => {
  const services = controller.services();
  assert.equal(services.length, 2);
  for (const { handle } of services) {
    const pid = Number(handle.id);
    assert.ok(pid > 0);
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    assert.ok(!environ.some((entry) => entry.includes(TOKEN)), 'the plain token is not in the environment');
    assert.ok(!cmdline.includes(TOKEN), 'nor on the command line');
    assert.ok(!environ.some((entry) => entry.startsWith('PODIUM_SERVING_AUTH_TOKEN=')));
    assert.ok(environ.includes(`${TOKEN_SHA256_ENV}=${hashToken(TOKEN)}`), 'the hash is');
    assert.ok(!cmdline.includes(hashToken(TOKEN)), 'and the hash is not shown by ps');
  }
});
