export type { ApiBridge, EventMessage } from './api-bridge.js';
export { BROWSER_CSP } from './content-security-policy.js';
export { statusForErrorCode } from './error-status.js';
export { bearerToken, createLaunchToken, type LaunchToken } from './launch-token.js';
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
