import type { OperationName } from '../contract/index.js';

/** Every operation of the contract, at run time (the record makes a missing one a type error). */
const NAMES: Record<OperationName, true> = {
  'overview.get': true,
  'jobs.list': true,
  'jobs.cancel': true,
  'data.ingest': true,
  'data.list': true,
  'data.profile': true,
  'train.template': true,
  'train.start': true,
  'runs.list': true,
  'runs.get': true,
  'runs.compare': true,
  'models.compare': true,
  'registry.models': true,
  'registry.versions': true,
  'registry.version': true,
  'registry.transitions': true,
  'registry.championTimeline': true,
  'registry.rollback': true,
  'decisions.list': true,
  'decisions.evaluate': true,
  'decisions.promote': true,
  'decisions.reject': true,
  'shadow.list': true,
  'shadow.start': true,
  'shadow.status': true,
  'shadow.stop': true,
  'shadow.complete': true,
  'services.status': true,
  'services.start': true,
  'services.stop': true,
  'services.restart': true,
  'services.logs': true,
  'services.metrics': true,
  'replay.start': true,
  'drift.report': true,
  'drift.check': true,
  'drift.history': true,
  'monitoring.report': true,
  'scheduler.jobs': true,
  'scheduler.history': true,
  'scheduler.runNow': true,
  'alerts.list': true,
  'alerts.acknowledge': true,
  'alerts.resolve': true,
  'settings.config': true,
  'settings.validate': true,
  'settings.save': true,
  'settings.diagnostics': true,
  'environment.get': true,
  'environment.switch': true,
  'approvals.list': true,
  'approvals.approve': true,
  'approvals.reject': true,
  'audit.list': true,
  'release.toProd': true,
  'lineage.get': true,
  'maintenance.doctor': true,
  'maintenance.backup': true,
  'versions.export': true,
  'versions.import': true,
  'cycle.run': true,
};

export const OPERATION_NAMES = Object.keys(NAMES) as OperationName[];

/**
 * Operations (or input fields) that name files on this machine: only a shell on the machine
 * itself (the CLI's local client) may call them. The windows and browser mode never name paths
 * (uploads travel as text), so a page, even a compromised one, cannot make the core read or
 * write a file it chooses. `null`: the whole operation; otherwise the fields refused.
 */
export const LOCAL_ONLY: Partial<Record<OperationName, readonly string[] | null>> = {
  'drift.check': null,
  'cycle.run': null,
  'maintenance.backup': null,
  'versions.export': null,
  'versions.import': null,
  'models.compare': ['file'],
};
