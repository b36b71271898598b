import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { NewAlert, WebhookOptions } from '../../main/monitoring/alerts/index.js';
import { alertServiceFor } from '../helpers/stores.js';
import { fakeClock, tempWorkspace } from '../helpers/workspace.js';

const TOKEN = 'T0PSECRET-hook-token-123';
const workspace = tempWorkspace({ clock: fakeClock() });
const servers: Server[] = [];
after(async () => {
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  workspace.cleanup();
});

type Received = { at: number; body: unknown; contentType: string | undefined };

async function receiver(
  answer: (index: number, request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    request.on('end', () => {
      received.push({
        at: performance.now(),
        body: JSON.parse(text),
        contentType: request.headers['content-type'],
      });
      answer(received.length, request, response);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/${TOKEN}?key=${TOKEN}`, received };
}

function webhook(url: string, overrides: Partial<WebhookOptions> = {}): WebhookOptions {
  return {
    url,
    attempts: 4,
    baseDelayMs: 40,
    maxDelayMs: 1000,
    timeoutMs: 1000,
    queueLimit: 100,
    ...overrides,
  };
}

const cycleFailed = (model: string): NewAlert => ({
  rule: 'cycle_failed',
  modelName: model,
  title: `Cycle failed for ${model}`,
  message: 'no target column',
  evidence: { job: 'cycle', jobRunId: 7, error: { code: 'DATA_INVALID', message: 'no target column' } },
});

test('a failing receiver is retried with backoff until it accepts, and the JSON body arrives intact', async () => {
  const { url, received } = await receiver((index, _request, response) => {
    response.statusCode = index <= 2 ? 500 : 200;
    response.end();
  });
  const alerts = alertServiceFor(workspace, { webhook: webhook(url) });
  const raised = alerts.raise(cycleFailed('credit-risk'));
  // raise() returned before any delivery happened.
  assert.equal(received.length, 0);
  assert.equal(raised.delivery.status, 'pending');

  await alerts.idle();
  assert.equal(received.length, 3, 'two failures, then success: 3 attempts');
  assert.equal(received[0].contentType, 'application/json');
  for (const r of received) {
    assert.deepEqual(r.body, {
      source: 'podium',
      id: raised.id,
      rule: 'cycle_failed',
      severity: 'warning',
      model_name: 'credit-risk',
      title: 'Cycle failed for credit-risk',
      message: 'no target column',
      evidence: { job: 'cycle', job_run_id: 7, error: { code: 'DATA_INVALID', message: 'no target column' } },
      dedup_key: 'cycle_failed:credit-risk',
      status: 'open',
      count: 1,
      created_at: raised.createdAt,
    });
  }
  // Exponential backoff with jitter: the second wait is at least half of twice the base.
  const firstGap = received[1].at - received[0].at;
  const secondGap = received[2].at - received[1].at;
  assert.ok(firstGap >= 20 - 5, `first wait ${firstGap} ms`);
  assert.ok(secondGap >= 40 - 5, `second wait ${secondGap} ms`);

  const stored = alerts.store.get(raised.id)!;
  assert.equal(stored.delivery.status, 'delivered');
  assert.equal(stored.delivery.attempts, 3);
  assert.equal(stored.delivery.lastStatus, 200);
  assert.equal(stored.delivery.lastError, null);
  assert.ok(stored.delivery.deliveredAt);

  // A repeat of the same open alert is counted, not sent again.
  alerts.raise(cycleFailed('credit-risk'));
  await alerts.idle();
  assert.equal(received.length, 3);
  await alerts.close();
});

test('a dead receiver never blocks raise(); failures are recorded without the secret URL', async () => {
  const { url } = await receiver(() => {});
  const server = servers.pop()!;
  await new Promise((resolve) => server.close(resolve));

  const alerts = alertServiceFor(workspace, { webhook: webhook(url, { attempts: 3, baseDelayMs: 10 }) });
  const started = performance.now();
  const raised = Array.from({ length: 20 }, (_, i) => alerts.raise(cycleFailed(`model-${i}`)));
  const elapsed = performance.now() - started;
  assert.ok(elapsed < 500, `20 raises took ${elapsed} ms`);
  assert.equal(new Set(raised.map((a) => a.id)).size, 20);

  await alerts.idle();
  for (const alert of raised) {
    const stored = alerts.store.get(alert.id)!;
    assert.equal(stored.delivery.status, 'failed');
    assert.equal(stored.delivery.attempts, 3);
    assert.match(stored.delivery.lastError ?? '', /ECONNREFUSED|connect/i);
    assert.ok(!(stored.delivery.lastError ?? '').includes(TOKEN));
  }
  await alerts.close();
  const log = readFileSync(join(workspace.paths.logs, 'podium.log'), 'utf8');
  assert.ok(!log.includes(TOKEN), 'the webhook token never reaches the log');
  assert.ok(log.includes(new URL(url).host), 'the log names the host');
});

test('a receiver that hangs is cut off by the timeout; a 4xx answer is not retried', async () => {
  const hanging = await receiver(() => {});
  const alerts = alertServiceFor(workspace, {
    webhook: webhook(hanging.url, { attempts: 2, baseDelayMs: 5, timeoutMs: 100 }),
  });
  const started = performance.now();
  const alert = alerts.raise(cycleFailed('hanging'));
  assert.ok(performance.now() - started < 50);
  await alerts.idle();
  const stored = alerts.store.get(alert.id)!;
  assert.equal(stored.delivery.status, 'failed');
  assert.equal(stored.delivery.attempts, 2);
  assert.match(stored.delivery.lastError ?? '', /timed out after 100 ms/);
  await alerts.close();

  const refusing = await receiver((_i, _request, response) => {
    response.statusCode = 400;
    response.end();
  });
  const strict = alertServiceFor(workspace, { webhook: webhook(refusing.url) });
  const rejected = strict.raise(cycleFailed('bad-request'));
  await strict.idle();
  assert.equal(refusing.received.length, 1);
  const stored400 = strict.store.get(rejected.id)!;
  assert.equal(stored400.delivery.status, 'failed');
  assert.equal(stored400.delivery.lastStatus, 400);
  await strict.close();
});

test('close() gives up queued deliveries after its grace period and records them as failed', async () => {
  const hanging = await receiver(() => {});
  const alerts = alertServiceFor(workspace, {
    webhook: webhook(hanging.url, { attempts: 5, baseDelayMs: 1000, timeoutMs: 5000 }),
  });
  const first = alerts.raise(cycleFailed('slow-1'));
  const second = alerts.raise(cycleFailed('slow-2'));
  const started = performance.now();
  await alerts.close(50);
  assert.ok(performance.now() - started < 2000, 'close does not wait for every retry');
  for (const id of [first.id, second.id]) {
    assert.equal(alerts.store.get(id)!.delivery.status, 'failed');
  }
});
