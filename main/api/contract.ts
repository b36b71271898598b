/**
 * The UI contract: every operation the views can ask for (name → input → output) and the one
 * event stream. The Electron preload, the browser-mode client and the test stand-in all
 * implement `PodiumClient`; the main side implements `HandlerTable`. Type-only imports, so the
 * renderer can import this file.
 */
import type { PodiumErrorData } from './contract/common.js';
import type { DataOperations } from './contract/data.js';
import type { EnvironmentOperations } from './contract/environments.js';
import type { PodiumEvents } from './contract/events.js';
import type { LifecycleOperations } from './contract/lifecycle.js';
import type { MonitoringOperations } from './contract/monitoring.js';
import type { OverviewOperations } from './contract/overview.js';
import type { RegistryOperations } from './contract/registry.js';
import type { ServingOperations } from './contract/serving.js';
import type { SettingsOperations } from './contract/settings.js';
import type { TrainingOperations } from './contract/training.js';

export type * from './contract/common.js';
export type * from './contract/data.js';
export type * from './contract/environments.js';
export type * from './contract/events.js';
export type * from './contract/lifecycle.js';
export type * from './contract/monitoring.js';
export type * from './contract/overview.js';
export type * from './contract/registry.js';
export type * from './contract/serving.js';
export type * from './contract/settings.js';
export type * from './contract/training.js';

export type Operations = OverviewOperations &
  DataOperations &
  TrainingOperations &
  RegistryOperations &
  LifecycleOperations &
  ServingOperations &
  MonitoringOperations &
  SettingsOperations &
  EnvironmentOperations;

export type OperationName = keyof Operations;
export type OperationInput<K extends OperationName> = Operations[K]['input'];
export type OperationOutput<K extends OperationName> = Operations[K]['output'];

export type OperationResult<K extends OperationName> =
  | { data: OperationOutput<K>; error?: undefined }
  | { data?: undefined; error: PodiumErrorData };

export type PodiumClient = {
  /** Resolves with the output, or rejects with `PodiumErrorData` (never an Error instance). */
  send<K extends OperationName>(name: K, args: OperationInput<K>): Promise<OperationOutput<K>>;
  /** Never rejects. */
  sendCatch<K extends OperationName>(name: K, args: OperationInput<K>): Promise<OperationResult<K>>;
  /** Returns the function that unsubscribes. */
  listen<E extends keyof PodiumEvents>(name: E, cb: (payload: PodiumEvents[E]) => void): () => void;
};

export type Handler<K extends OperationName> = (input: OperationInput<K>) => Promise<OperationOutput<K>>;

/** The main side: one handler per operation (inputs are validated inside, before use). */
export type HandlerTable = { [K in OperationName]: Handler<K> };

/** What one domain's `handlers.ts` contributes to the table. */
export type DomainHandlers<K extends OperationName> = { [P in K]: Handler<P> };
