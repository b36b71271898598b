import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { PodiumClient, PodiumEvents } from '../../main/app/index.js';
import { bridgeForApi, forwardEvents, registerPodiumIpc } from '../../main/server/index.js';
import { type ApiFixture, apiFixture } from '../api/api-fixture.js';
import { ourWindow, PAGE_URL, standInIpcMain, WINDOW_ID } from './stand-in-ipc.js';

const preloadPath = fileURLToPath(new URL('../../preload/index.cjs', import.meta.url));

/**
 * The compiled preload, loaded with a stand-in `electron` module whose ipcRenderer talks to the
 * real IPC registration and the real API: what the page gets as window.podium, end to end.
 */
describe('the preload exposes window.podium, a PodiumClient, and nothing else', () => {
  let fixture: ApiFixture;
  const exposed = new Map<string, unknown>();
  let podium: PodiumClient;

  before(() => {
    assert.ok(
      existsSync(preloadPath),
      `${preloadPath} is missing: npm run build compiles tsconfig.electron.json`,
    );
    fixture = apiFixture();
    const bridge = bridgeForApi(fixture.api, () => {});
    const ipcMain = standInIpcMain();
    registerPodiumIpc(ipcMain, bridge, { webContentsId: () => WINDOW_ID, pageUrl: PAGE_URL });
    const rendererListeners = new Map<string, ((event: unknown, message: unknown) => void)[]>();
    forwardEvents(bridge, (channel, message) => {
      for (const listener of rendererListeners.get(channel) ?? []) listener({}, message);
    });
    const electron = {
      contextBridge: {
        exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value),
      },
      ipcRenderer: {
        invoke: (channel: string, ...args: unknown[]) => ipcMain.invoke(ourWindow(), channel, ...args),
        on: (channel: string, listener: (event: unknown, message: unknown) => void) => {
          rendererListeners.set(channel, [...(rendererListeners.get(channel) ?? []), listener]);
        },
      },
    };
    const require = createRequire(import.meta.url);
    const electronPath = require.resolve('electron');
    require.cache[electronPath] = {
      id: electronPath,
      filename: electronPath,
      loaded: true,
      exports: electron,
    } as unknown as NodeJS.Module;
    require(preloadPath);
    podium = exposed.get('podium') as PodiumClient;
  });
  after(async () => {
    await fixture.cleanup();
  });

  it('exposes one key with send, sendCatch and listen only', () => {
    assert.deepEqual([...exposed.keys()], ['podium']);
    assert.deepEqual(Object.keys(podium).sort(), ['listen', 'send', 'sendCatch']);
  });

  it('send resolves with data and rejects with error data', async () => {
    assert.deepEqual(await podium.send('data.list', {}), []);
    await assert.rejects(podium.send('data.profile', { datasetId: 'nope' }), (error: unknown) => {
      assert.ok(!(error instanceof Error), 'rejects with plain data, not an Error');
      assert.equal((error as { code: string }).code, 'NOT_FOUND');
      return true;
    });
  });

  it('sendCatch never rejects', async () => {
    const answer = await podium.sendCatch('registry.versions', { model: 'nobody' });
    assert.equal(answer.error?.code, 'NOT_FOUND');
    const ok = await podium.sendCatch('jobs.list', {});
    assert.deepEqual(ok.data, []);
  });

  it('listen hears only the named event, until unsubscribed', () => {
    const heard: PodiumEvents['shadow.updated'][] = [];
    const off = podium.listen('shadow.updated', (payload) => heard.push(payload));
    fixture.api.events.emit('shadow.updated', { testId: 1, labelledPairs: 2, mirroredRequests: 3 });
    fixture.api.events.emit('services.changed', { model: 'm', services: [] });
    off();
    fixture.api.events.emit('shadow.updated', { testId: 1, labelledPairs: 4, mirroredRequests: 5 });
    assert.deepEqual(heard, [{ testId: 1, labelledPairs: 2, mirroredRequests: 3 }]);
  });
});
