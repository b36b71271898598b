export { type ApiBridge, bridgeForApi, type EventMessage } from '../app/api-bridge.js';
export { openUiSession, type UiSession, type UiSessionOptions } from '../app/ui-session.js';
export { BROWSER_CSP } from './content-security-policy.js';
export { statusForErrorCode } from './error-status.js';
export {
  forwardEvents,
  type InvokeEventLike,
  type IpcMainLike,
  isTrustedSender,
  PODIUM_CALL_CHANNEL,
  PODIUM_EVENT_CHANNEL,
  PODIUM_INGEST_FILE_CHANNEL,
  registerFileIngestIpc,
  registerPodiumIpc,
  type TrustedPage,
} from './ipc-bridge.js';
export { bearerToken, createLaunchToken, type LaunchToken } from './launch-token.js';
export { openInBrowser } from './open-browser.js';
export {
  buildUiApp,
  DEFAULT_UI_PORT,
  defaultRendererDir,
  startUiServer,
  UI_BODY_LIMIT_BYTES,
  type UiServer,
  type UiServerOptions,
  WS_UNAUTHORIZED,
} from './ui-server.js';
