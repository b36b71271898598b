import { createStore } from 'zustand/vanilla';
import type { Overview, PodiumClient } from '../../main/contract/index.js';
import { idle, loading, type Remote, settle } from './remote.js';

export type OverviewState = {
  overview: Remote<Overview>;
  load(): Promise<void>;
  /** Refreshes when something the overview summarises changes. */
  attach(): () => void;
};

export function createOverviewStore(client: PodiumClient) {
  return createStore<OverviewState>()((set, get) => ({
    overview: idle(),
    async load() {
      set({ overview: loading(get().overview) });
      set({ overview: settle(get().overview, await client.sendCatch('overview.get', {})) });
    },
    attach() {
      const refresh = () => {
        if (get().overview.data !== null) void get().load();
      };
      const offs = [
        client.listen('job.done', refresh),
        client.listen('job.failed', refresh),
        client.listen('services.changed', refresh),
        client.listen('alert.raised', refresh),
      ];
      return () => {
        for (const off of offs) off();
      };
    },
  }));
}

export type OverviewStore = ReturnType<typeof createOverviewStore>;
