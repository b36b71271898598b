import type { PodiumErrorData } from '../api/errors.js';

/** One event as it crosses a bridge: the WebSocket frame and the IPC message carry exactly this. */
export type EventMessage = { event: string; payload: unknown };

/**
 * What a bridge (browser-mode server, Electron IPC) needs from the API: run an operation by name
 * on untrusted input, getting data or error data back (never a throw), and hear every event.
 */
export type ApiBridge = {
  call(name: string, input: unknown): Promise<{ data: unknown } | { error: PodiumErrorData }>;
  subscribe(listener: (message: EventMessage) => void): () => void;
};
