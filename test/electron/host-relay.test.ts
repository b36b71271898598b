import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EventMessage } from '../../main/app/index.js';
import {
  forwardEvents,
  PODIUM_CALL_CHANNEL,
  PODIUM_EVENT_CHANNEL,
  registerPodiumIpc,
} from '../../main/server/index.js';
import { type HostFixture, hostFixture } from '../app/host-fixture.js';
import { ourWindow, PAGE_URL, standInIpcMain, WINDOW_ID } from './stand-in-ipc.js';

type Answer = { data?: unknown; error?: { code: string; message: string } };

/**
 * The desktop main process's relay as main/electron/main.ts wires it, with the core in a real
 * host process: Electron's ipcMain is the stand-in (its binary cannot run here), and the host is
 * forked by Node instead of utilityProcess, over the same HostProcess shape and message protocol.
 */
describe('the IPC relay to a core host in its own process', () => {
  let host: HostFixture;
  const ipcMain = standInIpcMain();
  const sent: { channel: string; message: EventMessage }[] = [];
  const call = (name: unknown, args: unknown, event = ourWindow()) =>
    ipcMain.invoke(event, PODIUM_CALL_CHANNEL, name, args) as Promise<Answer>;

  before(async () => {
    host = await hostFixture();
    registerPodiumIpc(ipcMain, host.client, { webContentsId: () => WINDOW_ID, pageUrl: PAGE_URL });
    forwardEvents(host.client, (channel, message) => sent.push({ channel, message }));
  });
  after(async () => {
    await host?.close();
  });

  it('relays our window’s calls to the host and its answers back', async () => {
    assert.deepEqual((await call('data.list', {})).data, []);
    assert.equal((await call('overview.get', undefined)).error, undefined);
    assert.equal((await call('registry.versions', { model: 'nobody' })).error?.code, 'NOT_FOUND');
    assert.equal((await call(42, {})).error?.code, 'USAGE');
  });

  it('refuses another sender before the host hears of it', async () => {
    const stranger = { sender: { id: WINDOW_ID + 1 }, senderFrame: { url: PAGE_URL, parent: null } };
    const answer = await call('data.ingest', { fileName: 'x.csv', csvText: 'a,b\n1,2\n3,4\n' }, stranger);
    assert.equal(answer.error?.code, 'FORBIDDEN');
    assert.deepEqual((await call('data.list', {})).data, []);
  });

  it('relays the host’s events to the window', async () => {
    await call('environment.switch', { environment: 'prod' });
    await call('environment.switch', { environment: 'dev' });
    assert.deepEqual(
      sent.map(({ channel, message }) => [channel, message.event, message.payload]),
      [
        [PODIUM_EVENT_CHANNEL, 'environment.changed', { environment: 'prod' }],
        [PODIUM_EVENT_CHANNEL, 'environment.changed', { environment: 'dev' }],
      ],
    );
  });

  it('answers UNAVAILABLE as data when the host dies mid-call, then relays to the restarted host', async () => {
    const pid = host.client.pid;
    assert.ok(pid !== undefined);
    const pending = call('overview.get', {});
    process.kill(pid, 'SIGKILL');
    const answer = await pending;
    assert.equal(answer.error?.code, 'UNAVAILABLE', JSON.stringify(answer));
    assert.doesNotMatch(JSON.stringify(answer), /stack|\.js:\d+/);
    assert.equal((await call('overview.get', {})).error, undefined);
    assert.notEqual(host.client.pid, pid);
  });
});
