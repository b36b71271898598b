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
  PodiumClient,
} from '../../main/contract/index.js';
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

/** The start of a file that detection reads (whole lines), so a large upload is not sent twice. */
export const DIALECT_SAMPLE_CHARS = 64 * 1024;

export function dialectSample(csvText: string): string {
  if (csvText.length <= DIALECT_SAMPLE_CHARS) return csvText;
  const end = csvText.lastIndexOf('\n', DIALECT_SAMPLE_CHARS);
  return end > 0 ? csvText.slice(0, end + 1) : csvText.slice(0, DIALECT_SAMPLE_CHARS);
}

/** A chosen file before it is stored: how it reads (detected, with the user's overrides). */
export type PendingUpload = {
  fileName: string;
  csvText: string;
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
  choose(fileName: string, csvText: string): Promise<void>;
  /** Changes part of the dialect by hand and reads the file again with it. */
  override(change: DialectOverride): Promise<void>;
  /** Stores the chosen file with the user's overrides. */
  ingestPending(): Promise<void>;
  cancelPending(): void;
  ingest(fileName: string, csvText: string, dialect?: CsvDialectOptions): Promise<void>;
  setTarget(datasetId: string, target: string): void;
};

export function createDataStore(client: PodiumClient) {
  return createStore<DataState>()((set, get) => {
    /** Detection of the pending file with its current overrides; a newer question wins. */
    const detect = async () => {
      const asked = get().pending;
      if (asked === null) return;
      const dialect = dialectOptions(asked.override);
      const result = await client.sendCatch('data.dialect', {
        csvText: dialectSample(asked.csvText),
        fileName: asked.fileName,
        ...(Object.keys(dialect).length === 0 ? {} : { dialect }),
      });
      const now = get().pending;
      if (now === null || now.csvText !== asked.csvText || now.override !== asked.override) return;
      set({ pending: { ...now, detected: settle(now.detected, result) } });
    };
    return {
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
      async choose(fileName, csvText) {
        set({
          pending: { fileName, csvText, override: {}, detected: loading(idle()) },
          upload: { status: 'idle' },
        });
        await detect();
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
        await detect();
      },
      async ingestPending() {
        const pending = get().pending;
        if (pending === null) return;
        set({ pending: null });
        const dialect = dialectOptions(pending.override);
        await get().ingest(
          pending.fileName,
          pending.csvText,
          Object.keys(dialect).length === 0 ? undefined : dialect,
        );
      },
      cancelPending() {
        set({ pending: null });
      },
      async ingest(fileName, csvText, dialect) {
        set({ upload: { status: 'uploading', fileName, bytes: csvText.length } });
        const result = await client.sendCatch(
          'data.ingest',
          dialect === undefined ? { fileName, csvText } : { fileName, csvText, dialect },
        );
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
    };
  });
}

export type DataStore = ReturnType<typeof createDataStore>;
