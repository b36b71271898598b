export { isPodiumError, PodiumError, type PodiumErrorCode, toErrorData } from '../contract/errors.js';
export type * from '../contract/index.js';
export { type ApiBridge, bridgeForApi, type EventMessage } from './api-bridge.js';
export type { ApiContext, ApiOptions } from './api-context.js';
export { type CoreHost, runCoreHost } from './core-host.js';
export { CoreHostClient, type CoreHostClientOptions, type CoreHostStatus } from './core-host-client.js';
export type { CoreHostOptions, FromHost, ToHost } from './core-host-protocol.js';
export { type Api, createApi } from './create-api.js';
export { callOperation, isOperationName } from './dispatch.js';
export { EventHub, type EventListener } from './event-hub.js';
export { currentProcessPort, forkTransport, type HostPort, parentPortTransport } from './host-port.js';
export {
  CORE_HOST_ENTRY,
  forkNodeHost,
  type HostProcess,
  type LaunchHost,
  type NodeHostOptions,
} from './host-process.js';
export { createLocalClient } from './local-client.js';
export { mergeHandlers } from './merge-handlers.js';
export { OPERATION_NAMES } from './operation-names.js';
export { openUiSession, type UiSession, type UiSessionOptions } from './ui-session.js';
