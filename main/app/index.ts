export { type ApiBridge, bridgeForApi, type EventMessage } from './api-bridge.js';
export { type CoreHost, runCoreHost } from './core-host.js';
export { CoreHostClient, type CoreHostClientOptions, type CoreHostStatus } from './core-host-client.js';
export type { CoreHostOptions, FromHost, ToHost } from './core-host-protocol.js';
export { currentProcessPort, forkTransport, type HostPort, parentPortTransport } from './host-port.js';
export {
  CORE_HOST_ENTRY,
  forkNodeHost,
  type HostProcess,
  type LaunchHost,
  type NodeHostOptions,
} from './host-process.js';
export { openUiSession, type UiSession, type UiSessionOptions } from './ui-session.js';
