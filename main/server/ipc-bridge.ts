import { isAbsolute } from 'node:path';
import type { ApiBridge, EventMessage } from '../app/api-bridge.js';
import type { PodiumErrorData } from '../contract/errors.js';

/** The one channel the renderer calls operations on, and the one it hears events on. */
export const PODIUM_CALL_CHANNEL = 'podium:call';
export const PODIUM_EVENT_CHANNEL = 'podium:event';
/** The desktop app's ingest of a file the user dropped or chose, by its path (see registerFileIngestIpc). */
export const PODIUM_INGEST_FILE_CHANNEL = 'podium:ingest-file';

/**
 * The parts of Electron's IpcMainInvokeEvent the sender check reads, typed structurally so this
 * module (and its tests) need no Electron; tsconfig.electron.json checks that Electron's real
 * `ipcMain` fits `IpcMainLike`.
 */
export type InvokeEventLike = {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
};

export type IpcMainLike = {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
};

/** The window whose page may call the API: its webContents id and the page it must be showing. */
export type TrustedPage = { webContentsId: () => number | null; pageUrl: string };

/**
 * Only our own window's top frame, showing our own page, may call. A frame inside it (an
 * iframe the page never makes) or a page it navigated to (navigation is blocked, but this check
 * does not rely on that) is refused, as in VS Code's validated ipcMain.
 */
export function isTrustedSender(event: InvokeEventLike, trusted: TrustedPage): boolean {
  const frame = event.senderFrame;
  if (frame === null || frame.parent !== null) return false;
  if (event.sender.id !== trusted.webContentsId()) return false;
  try {
    const url = new URL(frame.url);
    // Built by hand: URL.origin is "null" for a custom scheme such as podium://.
    return `${url.protocol}//${url.host}${url.pathname}` === trusted.pageUrl;
  } catch {
    return false;
  }
}

/**
 * Registers `podium:call` on ipcMain: the sender is checked, then the operation runs through the
 * API's dispatcher. The answer is always data, `{data}` or `{error}`: Electron would turn a thrown
 * error into a message string with the main process's stack in it. Returns the unregister function.
 */
export function registerPodiumIpc(ipcMain: IpcMainLike, api: ApiBridge, trusted: TrustedPage): () => void {
  ipcMain.handle(PODIUM_CALL_CHANNEL, async (event, name, args) => {
    if (!isTrustedSender(event, trusted)) {
      return errorResult({ code: 'FORBIDDEN', message: 'Only the Podium window may call the API' });
    }
    if (typeof name !== 'string') {
      return errorResult({
        code: 'USAGE',
        message: 'The operation name must be a string',
        details: { field: 'name' },
      });
    }
    try {
      return await api.call(name, args === undefined ? {} : args);
    } catch {
      return errorResult({ code: 'INTERNAL', message: 'Internal error; see the log for details' });
    }
  });
  return () => ipcMain.removeHandler(PODIUM_CALL_CHANNEL);
}

/**
 * Registers `podium:ingest-file`: `data.ingestFile` of a file the user dropped or chose, read
 * where it is instead of sent through the page. The preload finds the path of a real File
 * (Electron's webUtils.getPathForFile), so the page cannot name any other file; this channel
 * then vouches for the call, the one way a local-only operation runs from a window. Only the
 * input's path, `ingestId` and dialect pass; the sender is checked as for `podium:call`.
 */
export function registerFileIngestIpc(
  ipcMain: IpcMainLike,
  api: ApiBridge,
  trusted: TrustedPage,
): () => void {
  ipcMain.handle(PODIUM_INGEST_FILE_CHANNEL, async (event, file, options) => {
    if (!isTrustedSender(event, trusted)) {
      return errorResult({ code: 'FORBIDDEN', message: 'Only the Podium window may call the API' });
    }
    if (typeof file !== 'string' || !isAbsolute(file)) {
      return errorResult({
        code: 'USAGE',
        message: 'data.ingestFile: the file must be the absolute path of a dropped file',
        details: { field: 'file' },
      });
    }
    const { ingestId, dialect } = (typeof options === 'object' && options !== null ? options : {}) as {
      ingestId?: unknown;
      dialect?: unknown;
    };
    try {
      return await api.call('data.ingestFile', { file, ingestId, dialect }, 'local');
    } catch {
      return errorResult({ code: 'INTERNAL', message: 'Internal error; see the log for details' });
    }
  });
  return () => ipcMain.removeHandler(PODIUM_INGEST_FILE_CHANNEL);
}

/** Relays every API event to the window, for as long as it exists. Returns the stop function. */
export function forwardEvents(
  api: ApiBridge,
  send: (channel: string, message: EventMessage) => void,
): () => void {
  return api.subscribe((message) => send(PODIUM_EVENT_CHANNEL, message));
}

function errorResult(error: PodiumErrorData): { error: PodiumErrorData } {
  return { error };
}
