import { fromSnakeCaseDocument, toSnakeCaseDocument } from '../contract/documented-json.js';
import type { StoredDriftReport as StoredDriftReportData } from '../contract/index.js';
import { DriftReportSchema } from '../contract/schemas/index.js';
import type { Db } from '../db/index.js';
import { prepared } from '../db/statements.js';
import type { DriftReport } from './drift/index.js';

/** The contract's stored report, carrying the core's fully typed drift report. */
export type StoredDriftReport = Omit<StoredDriftReportData, 'report'> & { report: DriftReport };

type DriftReportRow = {
  id: number;
  model_name: string;
  version: number;
  source: 'file' | 'live';
  dataset_id: string | null;
  window_from: string | null;
  window_to: string | null;
  rows: number;
  report_json: string;
  created_at: string;
};

/** Every drift check's report, kept so the monitor can show drift over time. */
export class DriftReportStore {
  constructor(private readonly db: Db) {}

  /** Stores a finished check's report and returns its id. */
  record(report: Omit<StoredDriftReport, 'id'>): number {
    const result = prepared(
      this.db,
      `INSERT INTO drift_reports (model_name, version, source, dataset_id, window_from, window_to, rows, dataset_drift,
         drift_share, report_json, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      report.model,
      report.version,
      report.source,
      report.datasetId,
      report.window?.from ?? null,
      report.window?.to ?? null,
      report.rows,
      report.report.datasetDrift ? 1 : 0,
      report.report.driftShare,
      // In the snake_case it has always been stored in (contract/documented-json.ts).
      JSON.stringify(toSnakeCaseDocument(DriftReportSchema, report.report)),
      report.createdAt,
    );
    return Number(result.lastInsertRowid);
  }

  /** A model's reports, newest first. */
  history(modelName: string, limit = 20): StoredDriftReport[] {
    const rows = prepared(
      this.db,
      'SELECT * FROM drift_reports WHERE model_name = ? ORDER BY id DESC LIMIT ?',
    ).all(modelName, limit) as DriftReportRow[];
    return rows.map((row) => ({
      id: row.id,
      model: row.model_name,
      version: row.version,
      source: row.source,
      datasetId: row.dataset_id,
      window: row.window_from && row.window_to ? { from: row.window_from, to: row.window_to } : null,
      rows: row.rows,
      createdAt: row.created_at,
      report: fromSnakeCaseDocument(DriftReportSchema, JSON.parse(row.report_json)) as DriftReport,
    }));
  }
}
