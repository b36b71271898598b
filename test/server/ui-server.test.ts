import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import type { Dataset } from '../../main/app/index.js';
import { generateSampleData } from '../../main/data/index.js';
import { BROWSER_CSP, startUiServer, WS_UNAUTHORIZED } from '../../main/server/index.js';
import { rawExchange } from '../helpers/malformed-http.js';
import { openEvents, type UiFixture, uiFixture } from './ui-fixture.js';

const errorOf = (json: unknown) =>
  (json as { error: { code: string; message: string; details?: Record<string, unknown> } }).error;

describe('browser mode: the API over HTTP and WebSocket on 127.0.0.1', () => {
  let ui: UiFixture;
  before(async () => {
    ui = await uiFixture();
  });
  after(async () => {
    await ui.close();
  });

  it('prints a loopback URL with a fresh 256-bit token in the fragment', () => {
    assert.match(ui.server.launchUrl, /^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/);
    assert.ok(ui.server.launchUrl.endsWith(ui.server.token));
  });

  it('refuses a host other machines can reach, before binding anything', async () => {
    for (const host of ['ui.invalid', '203.0.113.7', '::']) {
      await assert.rejects(
        startUiServer({
          api: { call: async () => ({ data: null }), subscribe: () => () => {} },
          host,
          port: 0,
        }),
        (error: { code?: string; message?: string }) =>
          error.code === 'USAGE' && /127\.0\.0\.1/.test(error.message ?? ''),
      );
    }
  });

  it('answers 401 without the token or with a wrong one, before running anything', async () => {
    for (const token of [null, '', 'wrong', `${ui.server.token}x`, ui.server.token.slice(1)]) {
      const answer = await ui.call('data.list', {}, token);
      assert.equal(answer.status, 401, String(token));
      assert.equal(errorOf(answer.json).code, 'UNAUTHORIZED');
    }
    const basic = await request(`${ui.server.url}/api/call/data.list`, {
      method: 'POST',
      headers: { authorization: `Basic ${ui.server.token}` },
      body: '{}',
    });
    assert.equal(basic.statusCode, 401);
    await basic.body.dump();
    assert.equal(ui.internalErrors.length, 0);
  });

  it('runs an operation end to end: a CSV ingested over HTTP is listed and profiled', async () => {
    const csvText = generateSampleData({ samples: 300, drift: false, seed: 3 });
    const ingested = await ui.call('data.ingest', { fileName: 'customers.csv', csvText });
    assert.equal(ingested.status, 200, JSON.stringify(ingested.json));
    const dataset = (ingested.json as { data: Dataset }).data;
    assert.equal(dataset.rows, 300);
    assert.equal(dataset.sourceName, 'customers.csv');
    const listed = await ui.call('data.list', {});
    assert.equal(listed.status, 200);
    assert.deepEqual(
      (listed.json as { data: { id: string }[] }).data.map((d) => d.id),
      [dataset.id],
    );
    // An operation without input may be called with no body at all.
    const noBody = await request(`${ui.server.url}/api/call/data.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ui.server.token}` },
    });
    assert.equal(noBody.statusCode, 200);
    assert.equal(((await noBody.body.json()) as { data: unknown[] }).data.length, 1);
  });

  it('gives errors one shape with the right status, and never a stack trace', async () => {
    const badInput = await ui.call('data.profile', {});
    assert.equal(badInput.status, 400);
    assert.equal(errorOf(badInput.json).code, 'USAGE');
    assert.equal(errorOf(badInput.json).details?.field, 'datasetId');

    const missing = await ui.call('registry.versions', { model: 'nobody' });
    assert.equal(missing.status, 404);
    assert.equal(errorOf(missing.json).code, 'NOT_FOUND');

    const unknown = await ui.call('models.destroyEverything', {});
    assert.equal(unknown.status, 404);
    assert.match(errorOf(unknown.json).message, /models\.destroyEverything/);

    const notJson = await ui.call('data.list', '{"a":');
    assert.equal(notJson.status, 400);
    assert.equal(errorOf(notJson.json).code, 'BAD_REQUEST');

    const poisoned = await ui.call('data.list', '{"__proto__": {"admin": true}}');
    assert.equal(poisoned.status, 400);

    const get = await request(`${ui.server.url}/api/call/data.list`, {
      headers: { authorization: `Bearer ${ui.server.token}` },
    });
    assert.equal(get.statusCode, 404);
    assert.equal(errorOf(await get.body.json()).code, 'NOT_FOUND');

    const badCsv = await ui.call('data.ingest', { fileName: 'broken.csv', csvText: 'a,b\n1,2\n3\n' });
    assert.ok(badCsv.status >= 400 && badCsv.status < 500, String(badCsv.status));
    for (const answer of [badInput, missing, unknown, notJson, poisoned, badCsv]) {
      assert.doesNotMatch(JSON.stringify(answer.json), /\bat .*\.js:\d+|stack/);
      assert.deepEqual(Object.keys(answer.json as object), ['error']);
    }
  });

  it('refuses a body announced over 256 MB without reading it', async () => {
    const head = [
      'POST /api/call/data.ingest HTTP/1.1',
      'Host: 127.0.0.1',
      `Authorization: Bearer ${ui.server.token}`,
      'Content-Type: application/json',
      `Content-Length: ${300 * 1024 * 1024}`,
    ].join('\r\n');
    const [answer] = await rawExchange(ui.server.url, `${head}\r\n\r\n{"fileName":`);
    assert.equal(answer?.status, 413);
    assert.equal(JSON.parse(answer.body).error.code, 'PAYLOAD_TOO_LARGE');
  });

  it('serves the renderer without a token, index.html with the CSP, and no CORS', async () => {
    const index = await request(`${ui.server.url}/`, { headers: { origin: 'https://evil.example' } });
    assert.equal(index.statusCode, 200);
    assert.match(String(index.headers['content-type']), /text\/html/);
    assert.equal(index.headers['content-security-policy'], BROWSER_CSP);
    assert.equal(index.headers['access-control-allow-origin'], undefined);
    assert.match(await index.body.text(), /<div id="root">/);

    const script = await request(`${ui.server.url}/app.js`);
    assert.equal(script.statusCode, 200);
    assert.equal(script.headers['x-content-type-options'], 'nosniff');
    await script.body.dump();

    const preflight = await request(`${ui.server.url}/api/call/data.list`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.headers['access-control-allow-origin'], undefined);
    assert.ok(preflight.statusCode >= 400);
    await preflight.body.dump();

    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/package.json', '/nothing-here.js']) {
      const outside = await request(`${ui.server.url}${path}`);
      assert.equal(outside.statusCode, 404, path);
      await outside.body.dump();
    }
  });

  it('closes an event socket with 4401 when the token is missing or wrong', async () => {
    for (const token of [null, 'wrong', '']) {
      const socket = openEvents(ui.server, token);
      const closed = await socket.closed;
      assert.equal(closed.code, WS_UNAUTHORIZED, String(token));
      assert.equal(socket.messages.length, 0);
    }
  });

  it('streams events to the WebSocket: training progress per epoch, then done', async () => {
    const socket = openEvents(ui.server, ui.server.token);
    await socket.opened;
    const csvText = generateSampleData({ samples: 400, drift: false, seed: 5 });
    const ingested = await ui.call('data.ingest', { fileName: 'train.csv', csvText });
    const datasetId = (ingested.json as { data: Dataset }).data.id;
    const started = await ui.call('train.start', { datasetId, target: 'target', modelType: 'linear' });
    assert.equal(started.status, 200, JSON.stringify(started.json));
    const { jobId } = (started.json as { data: { jobId: number } }).data;
    const deadline = Date.now() + 60_000;
    const finished = () =>
      socket.messages.find(
        (m) => (m.event === 'job.done' || m.event === 'job.failed') && m.payload.jobId === jobId,
      );
    while (!finished() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    socket.close();
    assert.equal(finished()?.event, 'job.done', JSON.stringify(finished()));
    const progress = socket.messages.filter((m) => m.event === 'job.progress' && m.payload.jobId === jobId);
    assert.ok(progress.length > 0, 'no job.progress frame arrived');
    for (const frame of progress) {
      assert.equal(typeof frame.payload.step, 'string');
      assert.equal(typeof frame.payload.current, 'number');
      assert.equal(typeof frame.payload.total, 'number');
    }
    assert.equal(ui.internalErrors.length, 0, String(ui.internalErrors[0]));
  });
});
