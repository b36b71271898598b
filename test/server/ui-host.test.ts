import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { startUiServer, type UiServer } from '../../main/server/index.js';
import { type HostFixture, hostFixture } from '../app/host-fixture.js';
import { tempDir } from '../helpers/workspace.js';
import { openEvents } from './ui-fixture.js';

/**
 * Browser mode as `podium ui` runs it: the HTTP/WebSocket server in this process, the core in a
 * forked host. A host that cannot answer (here: stopped with SIGSTOP, which is what a core
 * stuck in a long synchronous step looks like from outside) holds only the calls made to it.
 */
describe('browser mode in front of a core host process', () => {
  let host: HostFixture;
  let server: UiServer;
  let rendererDir: string;

  const callApi = async (operation: string, body: unknown) => {
    const response = await request(`${server.url}/api/call/${operation}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.statusCode, json: (await response.body.json()) as Record<string, unknown> };
  };

  before(async () => {
    host = await hostFixture();
    rendererDir = tempDir('podium-renderer-');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Podium</title>');
    server = await startUiServer({ api: host.client, port: 0, rendererDir });
  });
  after(async () => {
    await server?.close();
    await host?.close();
    rmSync(rendererDir, { recursive: true, force: true });
  });

  it('answers operations through the host', async () => {
    const answer = await callApi('data.list', {});
    assert.deepEqual(answer, { status: 200, json: { data: [] } });
    const refused = await callApi('data.profile', { datasetId: 'nope' });
    assert.equal(refused.status, 404);
  });

  it('serves pages and opens the event socket while the host is not answering', async () => {
    const pid = host.client.pid;
    assert.ok(pid !== undefined);
    process.kill(pid, 'SIGSTOP');
    let answered = false;
    let held: Promise<{ status: number; json: Record<string, unknown> }>;
    try {
      held = callApi('overview.get', {});
      void held.then(() => {
        answered = true;
      });
      const page = await request(`${server.url}/index.html`);
      assert.equal(page.statusCode, 200);
      assert.match(await page.body.text(), /Podium/);
      const events = openEvents(server, server.token);
      await events.opened;
      events.close();
      // Ordering, not timing: the page and the socket were served while the call still waited.
      assert.equal(answered, false);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    const overview = await held;
    assert.equal(overview.status, 200, JSON.stringify(overview.json));
  });

  it('answers 503 UNAVAILABLE for a call the host died holding, then serves the restarted host', async () => {
    const pid = host.client.pid;
    assert.ok(pid !== undefined);
    // Stopped first, so the host cannot answer before it dies; killed once it holds the call.
    process.kill(pid, 'SIGSTOP');
    const pending = callApi('overview.get', {});
    while (host.client.pendingCount === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    process.kill(pid, 'SIGKILL');
    const answer = await pending;
    assert.equal(answer.status, 503, JSON.stringify(answer.json));
    assert.equal((answer.json.error as { code: string }).code, 'UNAVAILABLE');
    assert.equal((await callApi('data.list', {})).status, 200);
  });
});
