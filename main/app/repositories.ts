import { DatasetStore } from '../data/index.js';
import { ApprovalStore } from '../environments/approval-store.js';
import { ReleaseStore } from '../environments/release-store.js';
import { BakingStore } from '../lifecycle/guarded-rollout/index.js';
import { AuditLog, DecisionStore, type LifecycleStores, ShadowTestStore } from '../lifecycle/index.js';
import { RunLineageStore } from '../lineage/index.js';
import { StoredPathStore } from '../maintenance/index.js';
import { AlertStore } from '../monitoring/alerts/index.js';
import { DriftReportStore } from '../monitoring/drift-report-store.js';
import { EventDeliveryStore } from '../monitoring/events/index.js';
import { ServiceMetricsStore } from '../monitoring/service-metrics/store.js';
import { VersionStore } from '../registry/index.js';
import { JobRunStore, LeaseLock } from '../scheduler/index.js';
import { ServiceStore } from '../serving/service-store.js';
import { TrafficStore } from '../serving/traffic-store.js';
import { RunStore } from '../tracking/index.js';
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
