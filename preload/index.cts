/**
 * The Electron preload: the renderer's one way into the main process. A sandboxed preload is
 * CommonJS and may require only `electron` (hence `.cts`, and type-only imports of the
 * contract). It exposes `window.podium`, a PodiumClient over two IPC channels; the page never
 * sees ipcRenderer, Node or any other channel.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type {
  DesktopFiles,
  OperationInput,
  OperationName,
  OperationOutput,
  OperationResult,
  PodiumClient,
  PodiumEventMessage,
  PodiumEvents,
} from '../main/contract/index.js';

// Literal copies of main/server/ipc-bridge.ts's channel names: a sandboxed preload cannot load it.
const CALL_CHANNEL = 'podium:call';
const INGEST_FILE_CHANNEL = 'podium:ingest-file';
const EVENT_CHANNEL = 'podium:event';

async function sendCatch<K extends OperationName>(
  name: K,
  args: OperationInput<K>,
): Promise<OperationResult<K>> {
  try {
    return (await ipcRenderer.invoke(CALL_CHANNEL, name, args)) as OperationResult<K>;
  } catch {
    return { error: { code: 'INTERNAL', message: `The app did not answer ${name}` } };
  }
}

const listeners = new Set<(message: PodiumEventMessage) => void>();
ipcRenderer.on(EVENT_CHANNEL, (_event, message: PodiumEventMessage) => {
  for (const listener of listeners) listener(message);
});

const podium = {
  send: async <K extends OperationName>(name: K, args: OperationInput<K>): Promise<OperationOutput<K>> => {
    const result = await sendCatch(name, args);
    if (result.error !== undefined) throw result.error;
    return result.data;
  },
  sendCatch,
  listen: <E extends keyof PodiumEvents>(name: E, cb: (payload: PodiumEvents[E]) => void): (() => void) => {
    const listener = (message: PodiumEventMessage) => {
      if (message.event === name) cb(message.payload as PodiumEvents[E]);
    };
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
} satisfies PodiumClient;

contextBridge.exposeInMainWorld('podium', podium);

/**
 * A dropped or chosen file ingested where it is on disk: only a real File has a path (the page
 * cannot make one up), and the main process relays only this path to `data.ingestFile`.
 */
const podiumFiles = {
  ingestFile: async (file, options = {}) => {
    let path = '';
    try {
      path = webUtils.getPathForFile(file as File);
    } catch {
      path = '';
    }
    if (path === '')
      return {
        error: {
          code: 'NOT_FOUND',
          message: 'The file has no path on this machine',
          details: { noPath: true },
        },
      };
    try {
      return (await ipcRenderer.invoke(INGEST_FILE_CHANNEL, path, options)) as Awaited<
        ReturnType<DesktopFiles['ingestFile']>
      >;
    } catch {
      return { error: { code: 'INTERNAL', message: 'The app did not answer data.ingestFile' } };
    }
  },
} satisfies DesktopFiles;

contextBridge.exposeInMainWorld('podiumFiles', podiumFiles);
