import type { StoredDataset } from '../data/index.js';
import type { AlertRecord } from '../monitoring/alerts/index.js';
import type { Alert, Dataset, DatasetSummary } from './contract.js';

/** Core records as the contract's plain data: only what the views need, nothing internal. */
export function toAlert(record: AlertRecord): Alert {
  return {
    id: record.id,
    rule: record.rule,
    severity: record.severity,
    modelName: record.modelName,
    title: record.title,
    message: record.message,
    evidence: record.evidence,
    status: record.status,
    count: record.count,
    createdAt: record.createdAt,
    lastSeenAt: record.lastSeenAt,
    acknowledgedAt: record.acknowledgedAt,
    acknowledgedBy: record.acknowledgedBy,
    resolvedAt: record.resolvedAt,
  };
}

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
  return { ...toDatasetSummary(dataset), profile: dataset.profile };
}
