import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { createApi, createLocalClient } from '../../main/app/index.js';
import { loadConfig, PACKAGE_ROOT, redactConfig } from '../../main/config/index.js';
import type { LifecycleEvent, PodiumClient } from '../../main/contract/index.js';
import { generateSampleData } from '../../main/data/index.js';
import { eventSignatureProblem } from '../../main/monitoring/events/index.js';
import { openWorkspace } from '../../main/workspace/index.js';
import { createEventsStore, deliveryTone } from '../../renderer/store/events-store.js';
import { type ApiFixture, apiFixture, jobOutcome } from '../api/api-fixture.js';
import { PODIUM_BIN } from '../helpers/cli.js';
import { tempDir } from '../helpers/workspace.js';

const SECRET = 'receiver-shared-secret-0123';

type Received = { headers: IncomingHttpHeaders; body: string; problem: string | null };

/**
 * A real webhook receiver on 127.0.0.1 that does what a user's would: verify the signature over
 * the raw body with its own copy of the secret, answer 401 when it does not verify, and answer
 * with whatever status `answer` picks (to play a receiver that is down for a moment).
 */
async function startReceiver(
  options: { secret?: string; answer?: (index: number) => number } = {},
): Promise<{ url: string; received: Received[]; server: Server; secret: { value: string } }> {
  const received: Received[] = [];
  const secret = { value: options.secret ?? SECRET };
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      const problem = eventSignatureProblem(secret.value, request.headers, body);
      received.push({ headers: request.headers, body, problem });
      response.statusCode = problem !== null ? 401 : (options.answer?.(received.length - 1) ?? 204);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/podium-events`, received, server, secret };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

async function waitFor<T>(what: string, read: () => T | undefined | null, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function trainLinear(client: PodiumClient, datasetId: string): Promise<number> {
  const { jobId } = await client.send('train.start', { datasetId, target: 'target', modelType: 'linear' });
  const result = (await jobOutcome(client, jobId)) as { version: { version: number } };
  return result.version.version;
}

describe('signed registry and lifecycle events to a webhook', { timeout: 180_000 }, () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let fixture: ApiFixture;

  before(async () => {
    // The second request is answered 503 once: the delivery must be retried, not lost.
    receiver = await startReceiver({ answer: (index) => (index === 1 ? 503 : 204) });
    fixture = apiFixture({
      configure: (config) => {
        config.events.webhook_url = receiver.url;
        config.events.webhook_secret = SECRET;
        config.events.webhook_base_delay_ms = 50;
      },
    });
  });
  after(async () => {
    await fixture.cleanup();
    await closeServer(receiver.server);
  });

  test('a registration, promotion and rollback reach a real receiver, every one signed and verified', async () => {
    const { client } = fixture;
    const csv = generateSampleData({ samples: 800, drift: false, seed: 5 });
    const dataset = await client.send('data.ingest', { fileName: 'baseline.csv', csvText: csv });
    const first = await trainLinear(client, dataset.id);
    const model = (await client.send('registry.models', {}))[0].name;
    await client.send('decisions.evaluate', { model, version: first });
    const second = await trainLinear(client, dataset.id);
    await client.send('decisions.promote', { model, version: second, reason: 'a better fit' });
    await client.send('registry.rollback', { model, reason: 'complaints from the field' });

    const events = await waitFor('every event delivered', () => {
      const list = fixture.api.context.stores.lifecycleEvents.list({ limit: 100 });
      return list.every((event) => event.deliveries[0]?.status === 'delivered') ? list : null;
    });
    const types = new Set(events.map((event) => event.type));
    for (const type of [
      'model_version.registered',
      'model_version.stage_changed',
      'champion.promoted',
      'champion.rolled_back',
    ] as const) {
      assert.ok(types.has(type), `${type} recorded (got ${[...types].join(', ')})`);
    }
    assert.deepEqual(
      receiver.received.map((request) => request.problem),
      receiver.received.map(() => null),
      'every request verifies with the shared secret',
    );
    // Each event arrives once verified; the one answered 503 came again and was then delivered.
    const verifiedIds = receiver.received.map((request) => request.headers['x-podium-delivery-id']);
    assert.equal(new Set(verifiedIds).size, events.length);
    const retried = events.filter((event) => event.deliveries[0].attempts === 2);
    assert.equal(retried.length, 1, 'exactly the 503-answered delivery took a second try');
    assert.equal(retried[0].deliveries[0].lastStatus, 204);

    const rollback = events.find((event) => event.type === 'champion.rolled_back') as LifecycleEvent;
    const body = JSON.parse(
      receiver.received.find(
        (request) => request.headers['x-podium-delivery-id'] === `${fixture.workspace.id}:${rollback.id}`,
      )?.body ?? '{}',
    );
    assert.equal(body.type, 'champion.rolled_back');
    assert.equal(body.model, model);
    assert.equal(body.environment, 'dev');
    assert.equal(body.data.from_version, second);
    assert.equal(body.data.to_version, first);
    assert.equal(body.data.reason, 'complaints from the field');
  });

  test('a body altered in transit, or signed with another secret, does not verify', () => {
    const request = receiver.received[0];
    const body = request.body.replace('"dev"', '"prod"');
    assert.equal(eventSignatureProblem(SECRET, request.headers, body), 'signature does not match');
    assert.equal(
      eventSignatureProblem('another-secret-of-16+', request.headers, request.body),
      'signature does not match',
    );
    const later = Number(request.headers['x-podium-timestamp']) + 3600;
    assert.equal(
      eventSignatureProblem(SECRET, request.headers, request.body, { nowSeconds: later }),
      'timestamp outside tolerance',
    );
  });
});

test('a receiver that refuses the signature fails the delivery; after the fix, redeliver sends it', async () => {
  const receiver = await startReceiver({ secret: 'the-receivers-old-secret-1' });
  const fixture = apiFixture({
    configure: (config) => {
      config.events.webhook_url = receiver.url;
      config.events.webhook_secret = SECRET;
      config.events.webhook_attempts = 3;
      config.events.webhook_base_delay_ms = 20;
    },
  });
  try {
    const refused = await fixture.client.send('events.test', {});
    // A 401 is the receiver's final word, not a hiccup: no retry.
    assert.equal(refused.deliveries[0].status, 'failed');
    assert.equal(refused.deliveries[0].attempts, 1);
    assert.equal(refused.deliveries[0].lastStatus, 401);
    assert.equal(receiver.received[0].problem, 'signature does not match');
    const failed = await fixture.client.send('events.list', { delivery: 'failed' });
    assert.deepEqual(
      failed.map((event) => event.id),
      [refused.id],
    );

    receiver.secret.value = SECRET;
    const again = await fixture.client.send('events.redeliver', { id: refused.id });
    assert.equal(again.deliveries[0].status, 'delivered');
    assert.equal(receiver.received.at(-1)?.problem, null);

    const unknown = await fixture.client.sendCatch('events.redeliver', { id: 999_999 });
    assert.equal(unknown.error?.code, 'NOT_FOUND');
  } finally {
    await fixture.cleanup();
    await closeServer(receiver.server);
  }
});

test('an event whose receiver is down stays pending and is sent by the next process that opens the workspace', async () => {
  const receiver = await startReceiver();
  await closeServer(receiver.server); // the address is known, nobody answers it
  const dir = tempDir('podium-events-');
  const config = loadConfig({ env: {}, localFile: null });
  config.config.monitoring.metrics_port = 0;
  config.config.events.webhook_url = receiver.url;
  config.config.events.webhook_secret = SECRET;
  config.config.events.webhook_base_delay_ms = 60_000;

  const firstWorkspace = openWorkspace(dir, { config });
  const firstApi = createApi({ workspace: firstWorkspace, env: {}, cwd: dir, configFiles: config.files });
  const pending = await createLocalClient(firstApi).send('events.test', {});
  assert.equal(pending.deliveries[0].status, 'pending');
  assert.match(pending.deliveries[0].lastError ?? '', /ECONNREFUSED/);
  assert.ok(
    !(pending.deliveries[0].lastError ?? '').includes('podium-events'),
    'the URL path is never quoted',
  );
  await firstApi.close();
  firstWorkspace.close();

  // Back up at the same address; the retry is due now (as if its minute had passed).
  const back = await startReceiver();
  const port = new URL(receiver.url).port;
  await closeServer(back.server);
  await new Promise<void>((resolve) => back.server.listen(Number(port), '127.0.0.1', resolve));
  const secondWorkspace = openWorkspace(dir, { config });
  secondWorkspace.db
    .prepare('UPDATE event_deliveries SET next_attempt_at = ?')
    .run(new Date(0).toISOString());
  const secondApi = createApi({ workspace: secondWorkspace, env: {}, cwd: dir, configFiles: config.files });
  try {
    await waitFor('the pending event delivered', () => back.received.length > 0);
    assert.equal(back.received[0].problem, null);
    assert.equal(back.received[0].headers['x-podium-event'], 'webhook.test');
    const [event] = secondApi.context.stores.lifecycleEvents.list({ limit: 1 });
    await waitFor(
      'the delivery recorded',
      () => secondApi.context.stores.lifecycleEvents.get(event.id).deliveries[0].status === 'delivered',
    );
  } finally {
    await secondApi.close();
    secondWorkspace.close();
    await closeServer(back.server);
  }
});

test('a CLI command sends its own events before it exits (the URL and secret from the environment)', async () => {
  const receiver = await startReceiver();
  const dir = tempDir('podium-events-cli-');
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [PODIUM_BIN, 'events', 'test'], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        PODIUM_WORKSPACE: join(dir, 'workspace'),
        PODIUM_EVENTS_WEBHOOK_URL: receiver.url,
        PODIUM_EVENTS_WEBHOOK_SECRET: SECRET,
      },
    });
    assert.match(stdout, /Event #1 webhook\.test: delivered to 127\.0\.0\.1:\d+ \(1 try\)/);
    assert.equal(receiver.received.length, 1);
    assert.equal(receiver.received[0].problem, null);
  } finally {
    await closeServer(receiver.server);
  }
});

describe('the webhook secret is a secret', () => {
  test('in the committed config it is refused, naming the key; shown, it is redacted', () => {
    const dir = tempDir();
    const base = join(dir, 'committed.yaml');
    const committed = readFileSync(join(PACKAGE_ROOT, 'config', 'config.yaml'), 'utf8');
    writeFileSync(base, committed.replace(/^events:\n/m, `events:\n  webhook_secret: ${SECRET}\n`));
    assert.throws(
      () => loadConfig({ baseFile: base, env: {}, localFile: null }),
      (error: Error) =>
        error.message.includes('events.webhook_secret') &&
        error.message.includes('config.local.yaml') &&
        !error.message.includes(SECRET),
    );
    const { config } = loadConfig({
      env: {
        PODIUM_EVENTS_WEBHOOK_SECRET: SECRET,
        PODIUM_EVENTS_WEBHOOK_URL: 'http://127.0.0.1:9/x?token=t0k',
      },
      localFile: null,
    });
    const shown = JSON.stringify(redactConfig(config));
    assert.ok(!shown.includes(SECRET) && !shown.includes('t0k'), shown);
  });

  test('a webhook URL without a secret is refused at start, naming events.webhook_secret', () => {
    assert.throws(
      () =>
        apiFixture({
          configure: (config) => {
            config.events.webhook_url = 'http://127.0.0.1:9/hook';
          },
        }),
      (error: { code?: string; message: string }) =>
        error.code === 'CONFIG_INVALID' && error.message.startsWith('events.webhook_secret'),
    );
  });
});

test('the UI store lists the delivery log, sends a test event, and says what to set when no webhook is configured', async () => {
  const receiver = await startReceiver();
  const configured = apiFixture({
    configure: (config) => {
      config.events.webhook_url = receiver.url;
      config.events.webhook_secret = SECRET;
    },
  });
  const bare = apiFixture();
  try {
    const store = createEventsStore(configured.client);
    await store.getState().sendTest();
    assert.equal(store.getState().actionError, null);
    await store.getState().load();
    const [event] = store.getState().events.data ?? [];
    assert.equal(event.type, 'webhook.test');
    assert.equal(event.deliveries[0].status, 'delivered');
    assert.equal(deliveryTone(event.deliveries[0]), 'ok');

    const unconfigured = createEventsStore(bare.client);
    await unconfigured.getState().sendTest();
    assert.equal(unconfigured.getState().actionError?.code, 'CONFLICT');
    assert.match(
      unconfigured.getState().actionError?.message ?? '',
      /events\.webhook_url and events\.webhook_secret/,
    );
  } finally {
    await configured.cleanup();
    await bare.cleanup();
    await closeServer(receiver.server);
  }
});
