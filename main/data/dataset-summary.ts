import type { Dataset, DatasetSummary } from '../contract/index.js';
import type { StoredDataset } from './dataset-store.js';

/** A stored dataset as the contract's plain data: only what the views need. */
export function toDatasetSummary(dataset: StoredDataset): DatasetSummary {
  return {
    id: dataset.id,
    sourceName: dataset.sourceName,
    bytes: dataset.bytes,
    rows: dataset.profile.rows,
    columns: dataset.profile.columns.length,
    createdAt: dataset.createdAt,
  };
}

export function toDataset(dataset: StoredDataset): Dataset {
  return { ...toDatasetSummary(dataset), profile: dataset.profile, dialect: dataset.dialect };
}
