// Each store from its own file, not its domain's index: the indexes re-export the domains' work
// (training, ingest, the scheduler's jobs), which a command that only reads stores never runs.
import { DatasetStore } from '../data/dataset-store.js';
import { ApprovalStore } from '../environments/approval-store.js';
import { ReleaseStore } from '../environments/release-store.js';
import { AuditLog } from '../lifecycle/audit-log.js';
import { DecisionStore } from '../lifecycle/decision-store.js';
import { BakingStore } from '../lifecycle/guarded-rollout/baking-store.js';
import type { LifecycleStores } from '../lifecycle/manager.js';
import { ShadowTestStore } from '../lifecycle/shadow-test-store.js';
import { RunLineageStore } from '../lineage/run-lineage-store.js';
import { StoredPathStore } from '../maintenance/stored-path-store.js';
import { AlertStore } from '../monitoring/alerts/alert-store.js';
import { DriftReportStore } from '../monitoring/drift-report-store.js';
import { EventDeliveryStore } from '../monitoring/events/event-delivery-store.js';
import { ServiceMetricsStore } from '../monitoring/service-metrics/store.js';
import { VersionStore } from '../registry/versions.js';
import { JobRunStore } from '../scheduler/job-run-store.js';
import { LeaseLock } from '../scheduler/lease-lock.js';
import { ServiceStore } from '../serving/service-store.js';
import { TrafficStore } from '../serving/traffic-store.js';
import { RunStore } from '../tracking/runs.js';
import type { Workspace } from '../workspace/index.js';

/**
 * Every store of one open workspace, built once when the workspace is opened for a session.
 * Code is handed the stores it uses and declares just those in its own types (`{ versions:
 * VersionStore }`), so what it reads and writes shows in its signature; nothing looks a store up.
 */
export type Repositories = LifecycleStores & {
  approvals: ApprovalStore;
  releases: ReleaseStore;
  services: ServiceStore;
  serviceMetrics: ServiceMetricsStore;
  driftReports: DriftReportStore;
  alerts: AlertStore;
  /** Baking periods after promotions (guarded rollout). */
  bakingPeriods: BakingStore;
  /** The outbox of registry and lifecycle events, and their webhook deliveries. */
  lifecycleEvents: EventDeliveryStore;
  jobRuns: JobRunStore;
  leases: LeaseLock;
  /** Every path column at once, for doctor. */
  storedPaths: StoredPathStore;
};

/** The stores of an open workspace, on its one connection and clock. */
export function createRepositories(
  workspace: Pick<Workspace, 'db' | 'clock' | 'config' | 'environment' | 'paths'>,
): Repositories {
  const { db, clock } = workspace;
  const root = workspace.paths.root;
  return {
    datasets: new DatasetStore(db, clock, root),
    runs: new RunStore(db, clock, root),
    runLineage: new RunLineageStore(db),
    versions: new VersionStore(db, clock, root),
    decisions: new DecisionStore(db, clock),
    shadowTests: new ShadowTestStore(db, clock),
    audit: new AuditLog(workspace),
    approvals: new ApprovalStore(db),
    releases: new ReleaseStore(db),
    traffic: new TrafficStore(db),
    services: new ServiceStore(db, clock, root),
    serviceMetrics: new ServiceMetricsStore(db, serviceMetricsRetention(workspace.config)),
    driftReports: new DriftReportStore(db),
    alerts: new AlertStore(db, clock),
    bakingPeriods: new BakingStore(db, clock),
    lifecycleEvents: new EventDeliveryStore(db, clock),
    jobRuns: new JobRunStore(db, clock),
    leases: new LeaseLock(db, clock),
    storedPaths: new StoredPathStore(db),
  };
}

/** How long service metrics are kept, as the config says (the store takes it up again on a save). */
export function serviceMetricsRetention(config: Workspace['config']): {
  rawRetentionMs: number;
  minuteRetentionMs: number;
} {
  const { monitoring } = config;
  return {
    rawRetentionMs: monitoring.service_metrics_raw_retention_hours * 3_600_000,
    minuteRetentionMs: monitoring.service_metrics_minute_retention_days * 86_400_000,
  };
}
