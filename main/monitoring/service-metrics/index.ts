export {
  type AppMetrics,
  type AppMetricsOptions,
  type AppMetricsServer,
  createAppMetricsRegistry,
  serveAppMetrics,
} from './app-metrics.js';
export { controllerSource, type ServingControllerView } from './controller-source.js';
export { type Bucket, histogramQuantile, latencyQuantiles } from './histogram-quantile.js';
export {
  GATEWAY_METRICS,
  type IntervalStats,
  intervalStats,
  MODEL_SERVICE_METRICS,
  PREDICTION_ROUTES,
  type RequestMetricNames,
  type Snapshot,
  toSnapshot,
} from './interval-stats.js';
export {
  ProcessCpuMeter,
  type ProcessTimes,
  type ProcessTimesReader,
  type ProcessUsage,
  parseProcStat,
  parseProcStatusRss,
  parsePsOutput,
  parsePsTime,
  readProcessTimes,
} from './process-usage.js';
export { type MetricSample, parsePrometheusText } from './prometheus-text.js';
export { NO_REQUEST_FIGURES, ServiceMetricsSampler, type ServiceMetricsSamplerOptions } from './sampler.js';
export {
  type CompactionResult,
  DEFAULT_MINUTE_RETENTION_MS,
  DEFAULT_RAW_RETENTION_MS,
  type RetentionOptions,
  type SeriesVersion,
  ServiceMetricsStore,
} from './store.js';
export type {
  MetricsTarget,
  MonitoredGateway,
  MonitoredService,
  SeriesResolution,
  ServiceMetricsPoint,
  ServiceSample,
} from './types.js';
