export { isPodiumError, PodiumError, type PodiumErrorCode, toErrorData } from '../contract/errors.js';
export type * from '../contract/index.js';
export type { ApiContext, ApiOptions } from './api-context.js';
export { type Api, createApi } from './create-api.js';
export { callOperation, isOperationName } from './dispatch.js';
export { EventHub, type EventListener } from './event-hub.js';
export { createLocalClient } from './local-client.js';
export { mergeHandlers } from './merge-handlers.js';
export { OPERATION_NAMES } from './operation-names.js';
