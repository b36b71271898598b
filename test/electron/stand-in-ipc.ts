import type { InvokeEventLike, IpcMainLike } from '../../main/server/index.js';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => unknown;

/**
 * A stand-in for Electron's ipcMain (Electron's binary cannot run on the test machines): a plain
 * object recording what is registered, and invoking it the way Electron does.
 */
export function standInIpcMain(): IpcMainLike & {
  handlers: Map<string, Listener>;
  invoke(event: InvokeEventLike, channel: string, ...args: unknown[]): Promise<unknown>;
} {
  const handlers = new Map<string, Listener>();
  return {
    handlers,
    handle: (channel, listener) => {
      // Electron throws on a second handler for one channel; so does the stand-in.
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => {
      handlers.delete(channel);
    },
    invoke: async (event, channel, ...args) => {
      const listener = handlers.get(channel);
      if (!listener) throw new Error(`No handler registered for '${channel}'`);
      return listener(event, ...args);
    },
  };
}

export const WINDOW_ID = 7;
export const PAGE_URL = 'podium://app/index.html';

/** An invoke event from our window's top frame showing our page. */
export function ourWindow(url = PAGE_URL): InvokeEventLike {
  return { sender: { id: WINDOW_ID }, senderFrame: { url, parent: null } };
}
