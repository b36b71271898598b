import { createStore } from 'zustand/vanilla';
import type { PodiumErrorData } from '../../main/contract/errors.js';
import type {
  ColumnProfile,
  CsvDelimiter,
  CsvDialect,
  CsvDialectOptions,
  Dataset,
  DatasetSummary,
  DateFormat,
  DecimalMark,
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

const delimiterNames: Record<CsvDelimiter, string> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  '|': 'pipe',
};

/** A separator as the analyst says it: "semicolon (;)", "tab". */
export function delimiterLabel(delimiter: CsvDelimiter): string {
  return delimiter === '\t' ? 'tab' : `${delimiterNames[delimiter]} (${delimiter})`;
}

export function decimalLabel(decimal: DecimalMark): string {
  return decimal === ',' ? 'decimal comma (3,5)' : 'decimal point (3.5)';
}

/** What the user set by hand before ingesting; every part left out is detected. */
export type DialectOverride = { delimiter?: CsvDelimiter; decimal?: DecimalMark; dateFormat?: DateFormat };

/** The override as the operations take it (`dialect` of data.ingest and data.dialect). */
export function dialectOptions(override: DialectOverride): CsvDialectOptions {
  return {
    ...(override.delimiter === undefined ? {} : { delimiter: override.delimiter }),
    ...(override.decimal === undefined ? {} : { decimal: override.decimal }),
    ...(override.dateFormat === undefined ? {} : { dateFormat: override.dateFormat }),
  };
}

/** The start of a file that detection reads (whole lines): a large file is never read twice whole. */
export const DIALECT_SAMPLE_CHARS = 64 * 1024;

export function dialectSample(csvText: string): string {
  if (csvText.length <= DIALECT_SAMPLE_CHARS) return csvText;
  const end = csvText.lastIndexOf('\n', DIALECT_SAMPLE_CHARS);
  return end > 0 ? csvText.slice(0, end + 1) : csvText.slice(0, DIALECT_SAMPLE_CHARS);
}

/** A chosen file before it is stored: how it reads (detected, with the user's overrides). */
export type PendingUpload = {
  file: UploadFile;
  fileName: string;
  /** Its first lines (DIALECT_SAMPLE_CHARS at most), all that detection reads. */
  sample: string;
  override: DialectOverride;
  detected: Remote<CsvDialect>;
};

export type DataState = {
  datasets: Remote<DatasetSummary[]>;
  selectedId: string | null;
  dataset: Remote<Dataset>;
  upload: UploadState;
  /** A file chosen but not stored yet: its dialect is shown and can be changed first. */
  pending: PendingUpload | null;
  /** Target chosen per dataset, so Train starts from the analyst's choice. */
  targets: Record<string, string>;
  loadList(): Promise<void>;
  select(datasetId: string): Promise<void>;
  /** Reads how a chosen file is written (data.dialect on its first lines) and waits for the user. */
  choose(file: UploadFile): Promise<void>;
  /** Changes part of the dialect by hand and reads the first lines again with it. */
  override(change: DialectOverride): Promise<void>;
  /** Stores the chosen file with the user's overrides (uploadFile). */
  ingestPending(): Promise<void>;
  cancelPending(): void;
  /**
   * Uploads a file in chunks (never one string of it), then has the core ingest it, with
   * progress in `upload`; `cancelUpload` stops it at any point, the ingest included.
   */
  uploadFile(file: UploadFile, dialect?: CsvDialectOptions): Promise<void>;
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
  /** Detection of the pending file with its current overrides; a newer question wins. */
  const detect = async (get: () => DataState, set: (state: Partial<DataState>) => void) => {
    const asked = get().pending;
    if (asked === null) return;
    const dialect = dialectOptions(asked.override);
    const result = await client.sendCatch('data.dialect', {
      csvText: asked.sample,
      fileName: asked.fileName,
      ...(Object.keys(dialect).length === 0 ? {} : { dialect }),
    });
    const now = get().pending;
    if (now === null || now.file !== asked.file || now.override !== asked.override) return;
    set({ pending: { ...now, detected: settle(now.detected, result) } });
  };
  return createStore<DataState>()((set, get) => ({
    datasets: idle(),
    selectedId: null,
    dataset: idle(),
    upload: { status: 'idle' },
    pending: null,
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
    async choose(file) {
      // A Parquet file carries its own types: no separator or date format to check, stored as is.
      if (file.name.toLowerCase().endsWith('.parquet')) {
        set({ pending: null });
        return get().uploadFile(file);
      }
      // Only the first lines cross to the core for detection; the file itself goes up when stored.
      // Twice the sample's size in bytes, so the cut falls at a whole line within the sample.
      const sample = dialectSample(await file.slice(0, 2 * DIALECT_SAMPLE_CHARS).text());
      set({
        pending: { file, fileName: file.name, sample, override: {}, detected: loading(idle()) },
        upload: { status: 'idle' },
      });
      await detect(get, set);
    },
    async override(change) {
      const pending = get().pending;
      if (pending === null) return;
      set({
        pending: {
          ...pending,
          override: { ...pending.override, ...change },
          detected: loading(pending.detected),
        },
      });
      await detect(get, set);
    },
    async ingestPending() {
      const pending = get().pending;
      if (pending === null) return;
      set({ pending: null });
      const dialect = dialectOptions(pending.override);
      await get().uploadFile(pending.file, Object.keys(dialect).length === 0 ? undefined : dialect);
    },
    cancelPending() {
      set({ pending: null });
    },
    async uploadFile(file, dialect) {
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
            files.ingestFile(file, dialect === undefined ? { ingestId } : { ingestId, dialect }),
          );
          if (result.error === undefined) return await stored(result.data);
          // A file made in memory has no path: it goes up in chunks like in a browser.
          if (result.error.details?.noPath !== true) return fail(result.error);
        } finally {
          if (activeUpload === ingestId) activeUpload = null;
        }
        progress('sending', 0);
      }
      const started = await client.sendCatch(
        'data.uploadStart',
        dialect === undefined ? { fileName, bytes: file.size } : { fileName, bytes: file.size, dialect },
      );
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
