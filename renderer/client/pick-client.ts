import type { DesktopFiles, PodiumClient } from '../../main/contract/index.js';
import { type BrowserClient, createBrowserClient } from './browser-client.js';
import { takeToken } from './token.js';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    podium?: PodiumClient;
    /** Set by the Electron preload: dropped files ingested by path. */
    podiumFiles?: DesktopFiles;
  }
}

export type ClientChoice =
  | { kind: 'electron'; client: PodiumClient; files?: DesktopFiles }
  | { kind: 'browser'; client: BrowserClient }
  | { kind: 'no-token' };

/** Electron's preload wins; otherwise browser mode with the launch token from the URL or this tab's storage. */
export function pickClient(): ClientChoice {
  if (window.podium !== undefined)
    return { kind: 'electron', client: window.podium, files: window.podiumFiles };
  const { token, replaceHashWith } = takeToken(location.hash, sessionStorage);
  if (replaceHashWith !== null) {
    history.replaceState(null, '', `${location.pathname}${location.search}${replaceHashWith}`);
  }
  if (token === null) return { kind: 'no-token' };
  return { kind: 'browser', client: createBrowserClient(token) };
}
