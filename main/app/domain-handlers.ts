import type { OperationName } from '../contract/index.js';
import type { ApiContext } from './api-context.js';

/**
 * One domain's part of the operation table: the operations it handles, named here so the table
 * knows them without loading the domain, and how to build its handlers (importing its module,
 * with its zod schemas and libraries, only then). A command loads only the domains it runs
 * (issue 16); test/app/domain-handlers checks each list against what its module builds.
 */
export type DomainHandlers = {
  domain: string;
  operations: readonly OperationName[];
  load: (context: ApiContext) => Promise<Partial<Record<OperationName, unknown>>>;
};

export const DOMAIN_HANDLERS: readonly DomainHandlers[] = [
  {
    domain: 'jobs',
    operations: ['jobs.list', 'jobs.cancel'],
    load: async (context) => (await import('../jobs/handlers.js')).jobHandlers(context),
  },
  {
    domain: 'data',
    operations: [
      'data.ingest',
      'data.ingestFile',
      'data.uploadStart',
      'data.uploadChunk',
      'data.uploadFinish',
      'data.uploadCancel',
      'data.remove',
      'data.dialect',
      'data.export',
      'data.list',
      'data.profile',
    ],
    load: async (context) => (await import('../data/handlers.js')).dataHandlers(context),
  },
  {
    domain: 'training',
    operations: ['train.template', 'train.fromFile', 'train.start', 'models.compare'],
    load: async (context) => (await import('../training/handlers.js')).trainingHandlers(context),
  },
  {
    domain: 'tracking',
    operations: ['runs.list', 'runs.get', 'runs.compare'],
    load: async (context) => (await import('../tracking/handlers.js')).trackingHandlers(context),
  },
  {
    domain: 'predictions',
    operations: ['predict.file', 'versions.reproduce', 'versions.reproduceScript'],
    load: async (context) => (await import('../lineage/prediction-handlers.js')).predictionHandlers(context),
  },
  {
    domain: 'registry',
    operations: [
      'registry.models',
      'registry.versions',
      'registry.transitions',
      'registry.championTimeline',
      'registry.rollback',
    ],
    load: async (context) => (await import('../registry/handlers.js')).registryHandlers(context),
  },
  {
    domain: 'versionDetails',
    operations: ['registry.version'],
    load: async (context) => (await import('./version-details.js')).versionDetailsHandlers(context),
  },
  {
    domain: 'lifecycle',
    operations: [
      'overview.get',
      'status.get',
      'decisions.list',
      'decisions.evaluate',
      'decisions.promote',
      'decisions.reject',
      'shadow.list',
      'shadow.start',
      'shadow.status',
      'shadow.stop',
      'shadow.complete',
      'shadow.plan',
      'shadow.simulate',
    ],
    load: async (context) => (await import('../lifecycle/handlers.js')).lifecycleHandlers(context),
  },
  {
    domain: 'rollout',
    operations: ['rollout.status'],
    load: async (context) =>
      (await import('../lifecycle/guarded-rollout/handlers.js')).rolloutHandlers(context),
  },
  {
    domain: 'serving',
    operations: [
      'services.status',
      'services.start',
      'services.stop',
      'services.list',
      'services.setDesired',
      'services.restart',
      'services.logs',
      'replay.file',
      'replay.start',
    ],
    load: async (context) => (await import('../serving/handlers.js')).servingHandlers(context),
  },
  {
    domain: 'monitoring',
    operations: [
      'drift.report',
      'drift.check',
      'drift.history',
      'monitoring.report',
      'alerts.list',
      'alerts.acknowledge',
      'alerts.resolve',
    ],
    load: async (context) => (await import('../monitoring/handlers.js')).monitoringHandlers(context),
  },
  {
    domain: 'estimates',
    operations: ['performance.estimate'],
    load: async (context) => (await import('../monitoring/estimate-handlers.js')).estimateHandlers(context),
  },
  {
    domain: 'serviceMetrics',
    operations: ['services.metrics'],
    load: async (context) =>
      (await import('../monitoring/service-metrics-handlers.js')).serviceMetricsHandlers(context),
  },
  {
    domain: 'environments',
    operations: [
      'environment.get',
      'environment.switch',
      'approvals.list',
      'approvals.approve',
      'approvals.reject',
      'audit.list',
      'release.toProd',
    ],
    load: async (context) => (await import('../environments/handlers.js')).environmentHandlers(context),
  },
  {
    domain: 'scheduler',
    operations: ['scheduler.jobs', 'scheduler.start', 'scheduler.history', 'scheduler.runNow'],
    load: async (context) => (await import('../scheduler/handlers.js')).schedulerHandlers(context),
  },
  {
    domain: 'config',
    operations: ['settings.config', 'settings.validate', 'settings.save', 'settings.diagnostics'],
    load: async (context) => (await import('./settings-handlers.js')).configHandlers(context),
  },
  {
    domain: 'lineage',
    operations: ['lineage.get'],
    load: async (context) => (await import('../lineage/handlers.js')).lineageHandlers(context),
  },
  {
    domain: 'maintenance',
    operations: [
      'maintenance.doctor',
      'maintenance.backup',
      'versions.export',
      'versions.import',
      'versions.importMlflow',
    ],
    load: async (context) => (await import('../maintenance/handlers.js')).maintenanceHandlers(context),
  },
  {
    domain: 'cycle',
    operations: ['cycle.run'],
    load: async (context) => (await import('./cycle-handlers.js')).cycleHandlers(context),
  },
  {
    domain: 'events',
    operations: ['events.list', 'events.redeliver', 'events.test'],
    load: async (context) => (await import('../monitoring/events/handlers.js')).eventHandlers(context),
  },
  {
    domain: 'deploy',
    operations: ['deploy.manifests', 'versions.exportImage'],
    load: async (context) => (await import('../serving/deploy-handlers.js')).deployHandlers(context),
  },
];
