import { type Api, callOperation, type PodiumErrorData } from '../app/index.js';

/** One event as it crosses a bridge: the WebSocket frame and the IPC message carry exactly this. */
export type EventMessage = { event: string; payload: unknown };

/**
 * What a bridge (browser-mode server, Electron IPC) needs from the API: run an operation by name
 * on untrusted input, getting data or error data back (never a throw), and hear every event.
 */
export type ApiBridge = {
  /**
   * `local`: the shell itself vouches for the call (the desktop app's main process, for a file
   * the user dropped), so local-only operations run; never set from what a page or HTTP sends.
   */
  call(
    name: string,
    input: unknown,
    caller?: 'bridge' | 'local',
  ): Promise<{ data: unknown } | { error: PodiumErrorData }>;
  subscribe(listener: (message: EventMessage) => void): () => void;
};

/** The bridge over the one API table: internal errors go to the log, never over the wire. */
export function bridgeForApi(
  api: Pick<Api, 'handlers' | 'events'>,
  logError: (error: unknown, operation: string) => void,
): ApiBridge {
  return {
    call: async (name, input, caller = 'bridge') => {
      const result = await callOperation(api.handlers, name, input, logError, caller);
      return result.error !== undefined ? { error: result.error } : { data: result.data };
    },
    subscribe: (listener) => api.events.subscribe(listener),
  };
}
