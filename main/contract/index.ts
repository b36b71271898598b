/**
 * The UI contract: every operation the views can ask for (name → input → output) and the one
 * event stream. Each area's types are made from its schemas (./schemas/, the one definition), so
 * the fields are named once, in camelCase. The Electron preload, the browser-mode client and the
 * test stand-in all implement `PodiumClient`; the main side implements `HandlerTable`. Type-only
 * imports, so the renderer can import this file.
 */
import type { PodiumErrorData } from './common.js';
import type { CycleOperations } from './cycle.js';
import type { DataOperations } from './data.js';
import type { DeployOperations } from './deploy.js';
import type { EnvironmentOperations } from './environments.js';
import type { PodiumEvents } from './events.js';
import type { LifecycleOperations } from './lifecycle.js';
import type { LifecycleEventOperations } from './lifecycle-events.js';
import type { LineageOperations } from './lineage.js';
import type { MaintenanceOperations } from './maintenance.js';
import type { MonitoringOperations } from './monitoring.js';
import type { OverviewOperations } from './overview.js';
import type { PredictionOperations } from './predictions.js';
import type { RegistryOperations } from './registry.js';
import type { RolloutOperations } from './rollout.js';
import type { ServingOperations } from './serving.js';
import type { SettingsOperations } from './settings.js';
import type { TrainingOperations } from './training.js';

export type * from './common.js';
export type * from './csv-dialect.js';
export type * from './cycle.js';
export type * from './data.js';
export type * from './date-formats.js';
export type * from './deploy.js';
export type * from './environments.js';
export type * from './events.js';
export type * from './lifecycle.js';
export type * from './lifecycle-events.js';
export type * from './lineage.js';
export type * from './maintenance.js';
export type * from './monitor-report.js';
export type * from './monitoring.js';
export type * from './overview.js';
export type * from './predictions.js';
export type * from './registry.js';
export type * from './rollout.js';
export type * from './serving.js';
export type * from './settings.js';
export type * from './training.js';

export type Operations = OverviewOperations &
  DataOperations &
  TrainingOperations &
  PredictionOperations &
  RegistryOperations &
  RolloutOperations &
  LifecycleOperations &
  LifecycleEventOperations &
  ServingOperations &
  MonitoringOperations &
  SettingsOperations &
  EnvironmentOperations &
  LineageOperations &
  MaintenanceOperations &
  CycleOperations &
  DeployOperations;

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

/**
 * What the desktop app's preload adds beside the client (`window.podiumFiles`): a dropped or
 * chosen file ingested where it is on disk, by `data.ingestFile`, instead of sent through the
 * page. `ingestId` names it for progress events and `data.uploadCancel`. Absent in browser mode.
 */
export type DesktopFiles = {
  ingestFile(
    file: Blob,
    options?: { ingestId?: string; dialect?: OperationInput<'data.ingestFile'>['dialect'] },
  ): Promise<OperationResult<'data.ingestFile'>>;
};

export type Handler<K extends OperationName> = (input: OperationInput<K>) => Promise<OperationOutput<K>>;

/** The main side: one handler per operation (inputs are validated inside, before use). */
export type HandlerTable = { [K in OperationName]: Handler<K> };

/** What one domain's `handlers.ts` contributes to the table. */
export type DomainHandlers<K extends OperationName> = { [P in K]: Handler<P> };
