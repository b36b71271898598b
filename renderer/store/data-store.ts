import { createStore } from 'zustand/vanilla';
import type { PodiumErrorData } from '../../main/contract/errors.js';
import type {
  ColumnProfile,
  Dataset,
  DatasetSummary,
  DesktopFiles,
  PodiumClient,
} from '../../main/contract/index.js';
import { idle, loading, type Remote, settle } from './remote.js';

export type UploadState =
  | { status: 'idle' }
  | {
      status: 'uploading';
      fileName: string;
      bytes: number;
      /** `sending`: chunks go to the core (`current` bytes sent); `reading`: the core reads and profiles them. */
      phase: 'sending' | 'reading';
      current: number;
      /** Cancel was pressed: the core is being told. */
      cancelling: boolean;
    }
  | { status: 'done'; fileName: string; datasetId: string }
  | { status: 'cancelled'; fileName: string }
  | { status: 'failed'; fileName: string; error: PodiumErrorData };

/** What the store needs of a dropped or chosen file: its name, size and slices of its bytes. */
export type UploadFile = Blob & { name: string };

/** Bytes as base64 without one giant argument list (String.fromCharCode takes at most ~64 K). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, Math.min(i + 0x8000, bytes.length)));
  return btoa(binary);
}

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
  /**
   * Uploads a file in chunks (never one string of it), then has the core ingest it, with
   * progress in `upload`; `cancelUpload` stops it at any point, the ingest included.
   */
  uploadFile(file: UploadFile): Promise<void>;
  cancelUpload(): Promise<void>;
  setTarget(datasetId: string, target: string): void;
};

/**
 * `files`: the desktop app's way to ingest a dropped file where it is on disk (window.podiumFiles);
 * without it (browser mode) files go up in chunks.
 */
export function createDataStore(client: PodiumClient, files?: DesktopFiles) {
  /** The core's id of the upload (or desktop ingest) in progress, for Cancel. */
  let activeUpload: string | null = null;
  let ingests = 0;
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
    async uploadFile(file) {
      const fileName = file.name;
      const progress = (phase: 'sending' | 'reading', current: number) => {
        const upload = get().upload;
        if (upload.status === 'uploading' && upload.fileName === fileName)
          set({ upload: { ...upload, phase, current } });
      };
      set({
        upload: {
          status: 'uploading',
          fileName,
          bytes: file.size,
          phase: 'sending',
          current: 0,
          cancelling: false,
        },
      });
      const fail = (error: PodiumErrorData) =>
        set({
          upload:
            error.code === 'CANCELLED' || cancelled()
              ? { status: 'cancelled', fileName }
              : { status: 'failed', fileName, error },
        });
      const cancelled = () => {
        const upload = get().upload;
        return upload.status === 'uploading' && upload.cancelling;
      };
      /** The core reads the file: its progress events for this ingest move the bar. */
      const whileReading = async <T>(operation: string, id: string, ingest: () => Promise<T>): Promise<T> => {
        progress('reading', 0);
        const stopListening = client.listen('operation.progress', (event) => {
          if (event.operation === operation && event.message === id) progress('reading', event.current);
        });
        return ingest().finally(stopListening);
      };
      const stored = async (dataset: Dataset) => {
        set({
          upload: { status: 'done', fileName, datasetId: dataset.id },
          selectedId: dataset.id,
          dataset: { data: dataset, error: null, loading: false },
        });
        const list = await client.sendCatch('data.list', {});
        set({ datasets: settle(get().datasets, list) });
      };
      if (files !== undefined) {
        // The desktop app: the core reads the file where it is; nothing of it crosses the page.
        const ingestId = `file-${Date.now()}-${++ingests}`;
        activeUpload = ingestId;
        try {
          const result = await whileReading('data.ingestFile', ingestId, () =>
            files.ingestFile(file, { ingestId }),
          );
          if (result.error === undefined) return await stored(result.data);
          // A file made in memory has no path: it goes up in chunks like in a browser.
          if (result.error.details?.noPath !== true) return fail(result.error);
        } finally {
          if (activeUpload === ingestId) activeUpload = null;
        }
        progress('sending', 0);
      }
      const started = await client.sendCatch('data.uploadStart', { fileName, bytes: file.size });
      if (started.error !== undefined) return fail(started.error);
      const { uploadId, chunkBytes } = started.data;
      activeUpload = uploadId;
      try {
        for (let offset = 0; offset < file.size; offset += chunkBytes) {
          if (cancelled()) return set({ upload: { status: 'cancelled', fileName } });
          let bytes: Uint8Array;
          try {
            bytes = new Uint8Array(await file.slice(offset, offset + chunkBytes).arrayBuffer());
          } catch (error) {
            await client.sendCatch('data.uploadCancel', { uploadId });
            return fail({
              code: 'NOT_FOUND',
              message: `Could not read ${fileName}: ${error instanceof Error ? error.message : String(error)}`,
            });
          }
          const sent = await client.sendCatch('data.uploadChunk', {
            uploadId,
            offset,
            base64: toBase64(bytes),
          });
          if (sent.error !== undefined) return fail(sent.error);
          progress('sending', sent.data.received);
        }
        if (cancelled()) return set({ upload: { status: 'cancelled', fileName } });
        const result = await whileReading('data.uploadFinish', uploadId, () =>
          client.sendCatch('data.uploadFinish', { uploadId }),
        );
        if (result.error !== undefined) return fail(result.error);
        await stored(result.data);
      } finally {
        if (activeUpload === uploadId) activeUpload = null;
      }
    },
    async cancelUpload() {
      const upload = get().upload;
      if (upload.status !== 'uploading' || upload.cancelling) return;
      set({ upload: { ...upload, cancelling: true } });
      // Before the core answered uploadStart there is nothing to tell it: the loop stops by itself.
      if (activeUpload !== null) await client.sendCatch('data.uploadCancel', { uploadId: activeUpload });
    },
    setTarget(datasetId, target) {
      set({ targets: { ...get().targets, [datasetId]: target } });
    },
  }));
}

export type DataStore = ReturnType<typeof createDataStore>;
