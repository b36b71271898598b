import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Dataset, OperationResult } from '../../main/app/index.js';
import { OPERATION_NAMES } from '../../main/app/index.js';
import { generateSampleData } from '../../main/data/index.js';
import {
  type ApiBridge,
  bridgeForApi,
  forwardEvents,
  type InvokeEventLike,
  PODIUM_CALL_CHANNEL,
  PODIUM_EVENT_CHANNEL,
  PODIUM_INGEST_FILE_CHANNEL,
  registerFileIngestIpc,
  registerPodiumIpc,
} from '../../main/server/index.js';
import { type ApiFixture, apiFixture } from '../api/api-fixture.js';
import { ourWindow, PAGE_URL, standInIpcMain, WINDOW_ID } from './stand-in-ipc.js';

type Answer = { data?: { id: string }[]; error?: { code: string; message: string } };

describe('Electron IPC registration over the one API table', () => {
  let fixture: ApiFixture;
  let bridge: ApiBridge;
  const ipcMain = standInIpcMain();
  const internalErrors: unknown[] = [];
  let unregister: () => void;
  const call = (name: unknown, args: unknown, event = ourWindow()) =>
    ipcMain.invoke(event, PODIUM_CALL_CHANNEL, name, args) as Promise<Answer>;

  before(() => {
    fixture = apiFixture();
    bridge = bridgeForApi(fixture.api, (error) => internalErrors.push(error));
    unregister = registerPodiumIpc(ipcMain, bridge, { webContentsId: () => WINDOW_ID, pageUrl: PAGE_URL });
  });
  after(async () => {
    await fixture.cleanup();
  });

  it('registers one channel, podium:call, and refuses a second registration', () => {
    assert.deepEqual([...ipcMain.handlers.keys()], [PODIUM_CALL_CHANNEL]);
    assert.throws(() =>
      registerPodiumIpc(ipcMain, bridge, { webContentsId: () => WINDOW_ID, pageUrl: PAGE_URL }),
    );
  });

  it('reaches every operation of the contract: each validates its own input', async () => {
    assert.ok(OPERATION_NAMES.length >= 45, String(OPERATION_NAMES.length));
    for (const name of OPERATION_NAMES) {
      // Not an object: every handler refuses it in its own validation, naming itself.
      const answer = await call(name, 'not an input object');
      assert.equal(answer.error?.code, 'USAGE', `${name}: ${JSON.stringify(answer)}`);
      assert.ok(answer.error?.message.startsWith(name), `${name}: ${answer.error?.message}`);
    }
    assert.equal(internalErrors.length, 0);
  });

  it('runs operations for our window: a CSV ingested over IPC is listed', async () => {
    const csvText = generateSampleData({ samples: 200, drift: false, seed: 11 });
    const ingested = (await call('data.ingest', {
      fileName: 'ipc.csv',
      csvText,
    })) as OperationResult<'data.ingest'>;
    assert.equal(ingested.error, undefined, JSON.stringify(ingested.error));
    const dataset = ingested.data as Dataset;
    const listed = await call('data.list', {});
    assert.deepEqual(
      listed.data?.map((d) => d.id),
      [dataset.id],
    );
    const overview = (await call('overview.get', undefined)) as OperationResult<'overview.get'>;
    assert.equal(overview.error, undefined, JSON.stringify(overview.error));
  });

  it('podium:ingest-file ingests an absolute path for our window only', async () => {
    const ipc = standInIpcMain();
    registerFileIngestIpc(ipc, bridge, { webContentsId: () => WINDOW_ID, pageUrl: PAGE_URL });
    const path = join(fixture.workspace.paths.root, 'by-path.csv');
    writeFileSync(path, generateSampleData({ samples: 120, drift: false, seed: 12 }));
    const ingest = (event: InvokeEventLike, file: unknown, options?: unknown) =>
      ipc.invoke(event, PODIUM_INGEST_FILE_CHANNEL, file, options) as Promise<
        OperationResult<'data.ingestFile'>
      >;
    const ingested = await ingest(ourWindow(), path, { ingestId: 'x1', unknown: 'dropped' });
    assert.equal(ingested.error, undefined, JSON.stringify(ingested.error));
    assert.equal(ingested.data?.sourceName, 'by-path.csv');
    const stranger = { sender: { id: WINDOW_ID + 1 }, senderFrame: { url: PAGE_URL, parent: null } };
    assert.equal((await ingest(stranger, path)).error?.code, 'FORBIDDEN');
    const relative = await ingest(ourWindow(), 'by-path.csv');
    assert.equal(relative.error?.code, 'USAGE');
    assert.equal((await ingest(ourWindow(), 42)).error?.code, 'USAGE');
  });

  it('refuses any other sender before running anything', async () => {
    const strangers = [
      { sender: { id: WINDOW_ID + 1 }, senderFrame: { url: PAGE_URL, parent: null } },
      { sender: { id: WINDOW_ID }, senderFrame: { url: PAGE_URL, parent: { url: PAGE_URL } } },
      { sender: { id: WINDOW_ID }, senderFrame: { url: 'https://evil.example/index.html', parent: null } },
      { sender: { id: WINDOW_ID }, senderFrame: { url: 'file:///tmp/index.html', parent: null } },
      { sender: { id: WINDOW_ID }, senderFrame: { url: 'podium://app.evil/index.html', parent: null } },
      { sender: { id: WINDOW_ID }, senderFrame: { url: 'not a url', parent: null } },
      { sender: { id: WINDOW_ID }, senderFrame: null },
    ];
    const before = (await call('data.list', {})).data?.length;
    for (const stranger of strangers) {
      const answer = await call(
        'data.ingest',
        { fileName: 'stranger.csv', csvText: 'a,b\n1,2\n3,4\n' },
        stranger,
      );
      assert.equal(answer.error?.code, 'FORBIDDEN', JSON.stringify(stranger));
    }
    assert.equal((await call('data.list', {})).data?.length, before);
    // A hash or query on our own page is still our page.
    assert.equal((await call('data.list', {}, ourWindow(`${PAGE_URL}#/data`))).error, undefined);
  });

  it('answers errors as data, never by throwing, and without stack traces', async () => {
    const answers = [
      await call(42, {}),
      await call('models.destroyEverything', {}),
      await call('registry.versions', { model: 'nobody' }),
      await call('data.profile', { datasetId: 'no-such-snapshot' }),
    ];
    assert.deepEqual(
      answers.map((answer) => answer.error?.code),
      ['USAGE', 'NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND'],
    );
    const throwing = standInIpcMain();
    registerPodiumIpc(
      throwing,
      {
        call: async () => {
          throw new Error('secret internals at /home/user/main.js:1');
        },
        subscribe: () => () => {},
      },
      { webContentsId: () => WINDOW_ID, pageUrl: PAGE_URL },
    );
    const internal = (await throwing.invoke(ourWindow(), PODIUM_CALL_CHANNEL, 'data.list', {})) as Answer;
    answers.push(internal);
    assert.equal(internal.error?.code, 'INTERNAL');
    for (const answer of answers) assert.doesNotMatch(JSON.stringify(answer), /secret|main\.js|stack/);
  });

  it('forwards every API event to the window on podium:event', () => {
    const sent: { channel: string; message: unknown }[] = [];
    const stop = forwardEvents(bridge, (channel, message) => sent.push({ channel, message }));
    fixture.api.events.emit('shadow.updated', { testId: 3, labelledPairs: 10, mirroredRequests: 12 });
    stop();
    fixture.api.events.emit('shadow.updated', { testId: 3, labelledPairs: 11, mirroredRequests: 13 });
    assert.deepEqual(sent, [
      {
        channel: PODIUM_EVENT_CHANNEL,
        message: { event: 'shadow.updated', payload: { testId: 3, labelledPairs: 10, mirroredRequests: 12 } },
      },
    ]);
  });

  it('unregisters its channel', () => {
    unregister();
    assert.equal(ipcMain.handlers.size, 0);
  });
});
