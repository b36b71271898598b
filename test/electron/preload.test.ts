import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { PodiumClient, PodiumEvents } from '../../main/app/index.js';
import type { DesktopFiles } from '../../main/contract/index.js';
import { generateSampleData } from '../../main/data/index.js';
import {
  bridgeForApi,
  forwardEvents,
  registerFileIngestIpc,
  registerPodiumIpc,
} from '../../main/server/index.js';
import { type ApiFixture, apiFixture } from '../api/api-fixture.js';
import { ourWindow, PAGE_URL, standInIpcMain, WINDOW_ID } from './stand-in-ipc.js';

const preloadPath = fileURLToPath(new URL('../../preload/index.cjs', import.meta.url));

/**
 * The compiled preload, loaded with a stand-in `electron` module whose ipcRenderer talks to the
 * real IPC registration and the real API: what the page gets as window.podium, end to end.
 */
describe('the preload exposes window.podium, a PodiumClient, and window.podiumFiles, and nothing else', () => {
  let fixture: ApiFixture;
  const exposed = new Map<string, unknown>();
  let podium: PodiumClient;
  let podiumFiles: DesktopFiles;

  before(() => {
    assert.ok(
      existsSync(preloadPath),
      `${preloadPath} is missing: npm run build compiles tsconfig.electron.json`,
    );
    fixture = apiFixture();
    const bridge = bridgeForApi(fixture.api, () => {});
    const ipcMain = standInIpcMain();
    registerPodiumIpc(ipcMain, bridge, { webContentsId: () => WINDOW_ID, pageUrl: PAGE_URL });
    registerFileIngestIpc(ipcMain, bridge, { webContentsId: () => WINDOW_ID, pageUrl: PAGE_URL });
    const rendererListeners = new Map<string, ((event: unknown, message: unknown) => void)[]>();
    forwardEvents(bridge, (channel, message) => {
      for (const listener of rendererListeners.get(channel) ?? []) listener({}, message);
    });
    const electron = {
      // Electron knows the path of a dropped file; a File made in memory has none ('').
      webUtils: { getPathForFile: (file: { path?: string }) => file.path ?? '' },
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
    podiumFiles = exposed.get('podiumFiles') as DesktopFiles;
  });
  after(async () => {
    await fixture.cleanup();
  });

  it('exposes one key with send, sendCatch and listen only', () => {
    assert.deepEqual([...exposed.keys()], ['podium', 'podiumFiles']);
    assert.deepEqual(Object.keys(podiumFiles), ['ingestFile']);
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

  it('podiumFiles ingests a dropped file where it is; a file without a path is answered noPath', async () => {
    const path = join(fixture.workspace.paths.root, 'dropped.csv');
    writeFileSync(path, generateSampleData({ samples: 150, drift: false, seed: 4 }));
    const dropped = Object.assign(new Blob(['ignored']), { path });
    const ingested = await podiumFiles.ingestFile(dropped, { ingestId: 'drop-1' });
    assert.equal(ingested.error, undefined, JSON.stringify(ingested.error));
    assert.equal(ingested.data?.sourceName, 'dropped.csv');
    assert.equal(ingested.data?.rows, 150);
    const inMemory = await podiumFiles.ingestFile(new Blob(['a,b\n1,2\n']));
    assert.equal(inMemory.error?.details?.noPath, true);
    // The page's own channel still refuses a path.
    const named = await podium.sendCatch('data.ingestFile', { file: path });
    assert.equal(named.error?.code, 'USAGE');
  });
});
