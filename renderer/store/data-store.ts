import { createStore } from 'zustand/vanilla';
import type { PodiumErrorData } from '../../main/contract/errors.js';
import type { ColumnProfile, Dataset, DatasetSummary, PodiumClient } from '../../main/contract/index.js';
import { idle, loading, type Remote, settle } from './remote.js';

export type UploadState =
  | { status: 'idle' }
  | { status: 'uploading'; fileName: string; bytes: number }
  | { status: 'done'; fileName: string; datasetId: string }
  | { status: 'failed'; fileName: string; error: PodiumErrorData };

/** Column types a model can learn to predict (classification or regression). */
const targetTypes = new Set(['binary', 'category', 'integer', 'numeric']);

export function targetCandidates(columns: ColumnProfile[]): ColumnProfile[] {
  return columns.filter((column) => targetTypes.has(column.type) && column.distinct >= 2);
}

/** What training would do with this target, in the analyst's words (the core decides for real). */
export function taskFor(column: ColumnProfile): 'classification' | 'regression' {
  if (column.type === 'binary' || column.type === 'category' || column.distinct === 2)
    return 'classification';
  if (column.type === 'integer' && column.distinct <= 10) return 'classification';
  return 'regression';
}

export function missingShare(column: ColumnProfile): number {
  const total = column.count + column.missing;
  return total === 0 ? 0 : column.missing / total;
}

export type DataState = {
  datasets: Remote<DatasetSummary[]>;
  selectedId: string | null;
  dataset: Remote<Dataset>;
  upload: UploadState;
  /** Target chosen per dataset, so Train starts from the analyst's choice. */
  targets: Record<string, string>;
  loadList(): Promise<void>;
  select(datasetId: string): Promise<void>;
  ingest(fileName: string, csvText: string): Promise<void>;
  setTarget(datasetId: string, target: string): void;
};

export function createDataStore(client: PodiumClient) {
  return createStore<DataState>()((set, get) => ({
    datasets: idle(),
    selectedId: null,
    dataset: idle(),
    upload: { status: 'idle' },
    targets: {},
    async loadList() {
      set({ datasets: loading(get().datasets) });
      const result = await client.sendCatch('data.list', {});
      set({ datasets: settle(get().datasets, result) });
      const first = result.data?.[0];
      if (get().selectedId === null && first !== undefined) await get().select(first.id);
    },
    async select(datasetId) {
      set({
        selectedId: datasetId,
        dataset: loading(get().selectedId === datasetId ? get().dataset : idle()),
      });
      const result = await client.sendCatch('data.profile', { datasetId });
      if (get().selectedId === datasetId) set({ dataset: settle(get().dataset, result) });
    },
    async ingest(fileName, csvText) {
      set({ upload: { status: 'uploading', fileName, bytes: csvText.length } });
      const result = await client.sendCatch('data.ingest', { fileName, csvText });
      if (result.error !== undefined) {
        set({ upload: { status: 'failed', fileName, error: result.error } });
        return;
      }
      const dataset = result.data;
      set({
        upload: { status: 'done', fileName, datasetId: dataset.id },
        selectedId: dataset.id,
        dataset: { data: dataset, error: null, loading: false },
      });
      const list = await client.sendCatch('data.list', {});
      set({ datasets: settle(get().datasets, list) });
    },
    setTarget(datasetId, target) {
      set({ targets: { ...get().targets, [datasetId]: target } });
    },
  }));
}

export type DataStore = ReturnType<typeof createDataStore>;
