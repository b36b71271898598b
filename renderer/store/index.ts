import type { DesktopFiles, PodiumClient } from '../../main/contract/index.js';
import { createAlertsStore } from './alerts-store.js';
import { createDataStore } from './data-store.js';
import { createDecisionsStore } from './decisions-store.js';
import { createDriftStore } from './drift-store.js';
import { createEnvironmentStore } from './environment-store.js';
import { createEstimateStore } from './estimate-store.js';
import { createEventsStore } from './events-store.js';
import { createJobsStore } from './jobs-store.js';
import { type ChoiceStorage, createModelSelectionStore } from './model-selection-store.js';
import { createOverviewStore } from './overview-store.js';
import { createPerformanceStore } from './performance-store.js';
import { createRegistryStore } from './registry-store.js';
import { createRolloutStore } from './rollout-store.js';
import { createRunsStore } from './runs-store.js';
import { createSchedulerStore } from './scheduler-store.js';
import { createServicesStore } from './services-store.js';
import { createSettingsStore } from './settings-store.js';
import { createShadowStore } from './shadow-store.js';
import { createTrainStore } from './train-store.js';

/**
 * One store per area, all talking to the same client; `storage` remembers the chosen model (the
 * page's localStorage), `files` is the desktop app's file ingest.
 */
export function createStores(
  client: PodiumClient,
  options: { storage?: ChoiceStorage | null; files?: DesktopFiles } = {},
) {
  const jobs = createJobsStore(client);
  return {
    jobs,
    modelSelection: createModelSelectionStore(client, options.storage ?? null),
    overview: createOverviewStore(client),
    data: createDataStore(client, options.files),
    train: createTrainStore(client, jobs),
    runs: createRunsStore(client, jobs),
    registry: createRegistryStore(client),
    rollout: createRolloutStore(client),
    decisions: createDecisionsStore(client),
    shadow: createShadowStore(client),
    drift: createDriftStore(client),
    estimate: createEstimateStore(client),
    performance: createPerformanceStore(client),
    services: createServicesStore(client, jobs),
    scheduler: createSchedulerStore(client, jobs),
    alerts: createAlertsStore(client),
    events: createEventsStore(client),
    settings: createSettingsStore(client),
    environment: createEnvironmentStore(client),
  };
}

export type Stores = ReturnType<typeof createStores>;

/** Subscribes the stores that follow live events; returns the function that unsubscribes them all. */
export function attachEvents(stores: Stores): () => void {
  const offs = [
    stores.jobs.getState().attach(),
    stores.modelSelection.getState().attach(),
    stores.overview.getState().attach(),
    stores.shadow.getState().attach(),
    stores.services.getState().attach(),
    stores.alerts.getState().attach(),
  ];
  return () => {
    for (const off of offs) off();
  };
}
