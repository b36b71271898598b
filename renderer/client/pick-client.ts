import type { PodiumClient } from '../../main/contract/index.js';
import { type BrowserClient, createBrowserClient } from './browser-client.js';
import { takeToken } from './token.js';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    podium?: PodiumClient;
  }
}

export type ClientChoice =
  | { kind: 'electron'; client: PodiumClient }
  | { kind: 'browser'; client: BrowserClient }
  | { kind: 'no-token' };

/** Electron's preload wins; otherwise browser mode with the launch token from the URL or this tab's storage. */
export function pickClient(): ClientChoice {
  if (window.podium !== undefined) return { kind: 'electron', client: window.podium };
  const { token, replaceHashWith } = takeToken(location.hash, sessionStorage);
  if (replaceHashWith !== null) {
    history.replaceState(null, '', `${location.pathname}${location.search}${replaceHashWith}`);
  }
  if (token === null) return { kind: 'no-token' };
  return { kind: 'browser', client: createBrowserClient(token) };
}
