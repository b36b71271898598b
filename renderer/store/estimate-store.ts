import { createStore } from 'zustand/vanilla';
import type { OperationOutput, PodiumClient } from '../../main/contract/index.js';
import { idle, loading, type Remote, settle } from './remote.js';

export type PerformanceEstimateFile = OperationOutput<'performance.estimate'>;

export type EstimateState = {
  estimate: Remote<PerformanceEstimateFile>;
  /** Estimates the champion's performance on a stored dataset and ranks its columns by their effect. */
  attribute(datasetId: string, model?: string): Promise<void>;
};

export function createEstimateStore(client: PodiumClient) {
  return createStore<EstimateState>()((set, get) => ({
    estimate: idle(),
    async attribute(datasetId, model) {
      set({ estimate: loading(get().estimate) });
      const result = await client.sendCatch('performance.estimate', { model, datasetId, attribution: true });
      set({ estimate: settle(get().estimate, result) });
    },
  }));
}
