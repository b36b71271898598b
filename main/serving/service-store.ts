import type { Clock } from '../common/clock.js';
import type { ServiceStatus } from '../contract/index.js';
import type { Db } from '../db/index.js';
import { prepared } from '../db/statements.js';
import { fromStoredPathOrNull, toStoredPathOrNull } from '../workspace/stored-path.js';

export type ServiceRecord = {
  modelName: string;
  version: number;
  role: 'champion' | 'shadow';
  runtime: 'process' | 'docker';
  desiredState: 'running' | 'stopped';
  pinned: boolean;
  state: string;
  url: string | null;
  handle: string | null;
  restarts: number;
  logFile: string | null;
  updatedAt: string;
};

/** A service as the contract shows it (`services.status`, `services.start`, …). */
export function toServiceStatus(record: ServiceRecord): ServiceStatus {
  return {
    serviceId: `${record.modelName}:${record.version}`,
    model: record.modelName,
    version: record.version,
    role: record.role,
    runtime: record.runtime,
    desiredState: record.desiredState,
    state: record.state,
    url: record.url,
    restarts: record.restarts,
    logFile: record.logFile,
    updatedAt: record.updatedAt,
  };
}

type Row = {
  model_name: string;
  version: number;
  role: 'champion' | 'shadow';
  current_role: 'champion' | 'shadow';
  runtime: 'process' | 'docker';
  desired_state: 'running' | 'stopped';
  pinned: number;
  state: string;
  url: string | null;
  handle: string | null;
  restarts: number;
  log_file: string | null;
  updated_at: string;
};

/**
 * A service's role follows the registry, read now: the champion's service is `champion`, any
 * other version's `shadow`, so a promotion or rollback from any CLI shows at once. A version the
 * registry does not know keeps the role it was recorded with.
 */
const SELECT = `SELECT s.*, CASE WHEN v.stage IS NULL THEN s.role WHEN v.stage = 'champion' THEN 'champion' ELSE 'shadow' END AS current_role
  FROM services s LEFT JOIN model_versions v ON v.model_name = s.model_name AND v.version = s.version`;

const toRecord = (row: Row, root: string): ServiceRecord => ({
  modelName: row.model_name,
  version: row.version,
  role: row.current_role,
  runtime: row.runtime,
  desiredState: row.desired_state,
  pinned: row.pinned === 1,
  state: row.state,
  url: row.url,
  handle: row.handle,
  restarts: row.restarts,
  logFile: fromStoredPathOrNull(root, row.log_file),
  updatedAt: row.updated_at,
});

/** The services table: how CLIs in other terminals see and steer what `podium serve` runs. */
export class ServiceStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** The workspace folder: stored paths are relative to it. */
    private readonly root: string,
  ) {}

  list(modelName?: string): ServiceRecord[] {
    const rows = modelName
      ? prepared(this.db, `${SELECT} WHERE s.model_name = ? ORDER BY s.version`).all(modelName)
      : prepared(this.db, `${SELECT} ORDER BY s.model_name, s.version`).all();
    return (rows as Row[]).map((row) => toRecord(row, this.root));
  }

  get(modelName: string, version: number): ServiceRecord | null {
    const row = prepared(this.db, `${SELECT} WHERE s.model_name = ? AND s.version = ?`).get(
      modelName,
      version,
    ) as Row | undefined;
    return row ? toRecord(row, this.root) : null;
  }

  /** Written by the serving process after each reconcile. */
  report(
    record: Omit<ServiceRecord, 'updatedAt' | 'desiredState' | 'pinned'> & {
      desiredState?: 'running' | 'stopped';
    },
  ): void {
    prepared(
      this.db,
      `INSERT INTO services (model_name, version, role, runtime, desired_state, state, url, handle, restarts, log_file, updated_at)
         VALUES (@modelName, @version, @role, @runtime, COALESCE(@desiredState, 'running'), @state, @url, @handle, @restarts, @logFile, @now)
         ON CONFLICT (model_name, version) DO UPDATE SET role = @role, runtime = @runtime, state = @state, url = @url,
           handle = @handle, restarts = @restarts, log_file = @logFile, updated_at = @now,
           desired_state = COALESCE(@desiredState, desired_state)`,
    ).run({
      ...record,
      logFile: toStoredPathOrNull(this.root, record.logFile),
      desiredState: record.desiredState ?? null,
      now: this.clock.now().toISOString(),
    });
  }

  /** Set by `podium services start|stop`; the serving process acts on it within a second. */
  setDesired(
    modelName: string,
    version: number,
    desired: 'running' | 'stopped',
    role: 'champion' | 'shadow',
    runtime: 'process' | 'docker',
  ): void {
    prepared(
      this.db,
      `INSERT INTO services (model_name, version, role, runtime, desired_state, pinned, state, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'requested', ?)
         ON CONFLICT (model_name, version) DO UPDATE SET desired_state = excluded.desired_state, pinned = excluded.pinned`,
    ).run(
      modelName,
      version,
      role,
      runtime,
      desired,
      desired === 'running' ? 1 : 0,
      this.clock.now().toISOString(),
    );
  }

  remove(modelName: string, version: number): void {
    prepared(this.db, 'DELETE FROM services WHERE model_name = ? AND version = ?').run(modelName, version);
  }
}
