import type { JobStarted } from './common.js';
import type { CsvDialectOptions } from './csv-dialect.js';

/** `<model>:<version>`, e.g. `sales:3`. */
export type ServiceId = string;

export type ServiceStatus = {
  serviceId: ServiceId;
  model: string;
  version: number;
  role: 'champion' | 'shadow';
  runtime: 'process' | 'docker';
  desiredState: 'running' | 'stopped';
  /** starting, healthy, unhealthy, stopped, failed, requested, … as the serving process reports it. */
  state: string;
  url: string | null;
  restarts: number;
  logFile: string | null;
  updatedAt: string;
};

export type GatewayStatus = {
  model: string;
  /** Null when no gateway for this model runs in this process. */
  url: string | null;
  running: boolean;
  runtime: 'process' | 'docker';
};

/** A service as the serving process recorded it, with its `/health` answer probed now. */
export type ServiceHealth = ServiceStatus & {
  /** The child's pid or the container id. */
  handle: string | null;
  /** Asked for by hand (`podium services start`), not only served for its role. */
  pinned: boolean;
  /** healthy, unhealthy (status), unreachable, or - when it should not be running. */
  health: string;
};

export type ServicesOverview = { gateways: GatewayStatus[]; services: ServiceStatus[] };

export type ServiceMetricsPoint = {
  at: string;
  throughput: number | null;
  requests: number | null;
  /** Server errors (5xx answers) and their share of requests. */
  errors: number | null;
  errorRate: number | null;
  /** Client errors (4xx answers: refused requests) and their share, apart from the above. */
  clientErrors: number | null;
  clientErrorRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  cpuPercent: number | null;
  memoryBytes: number | null;
  up: boolean;
};

export type ServiceMetrics = {
  serviceId: ServiceId;
  resolution: 'raw' | 'minute';
  points: ServiceMetricsPoint[];
};

/** Requests of a replay that failed alike: same route, status and error code. */
export type ReplayFailure = {
  /** /predict, or /feedback when a row's label was refused. */
  route: '/predict' | '/feedback';
  /** The HTTP status, or 0 when no answer came (connection refused, timed out). */
  status: number;
  /** The answer's error code (INVALID_INPUT, …), or the network error's. */
  code: string;
  count: number;
  /** The first few distinct messages, each with the CSV line of its row. */
  examples: string[];
};

/** What a `replay` job's `job.done` event carries. */
export type ReplayReport = {
  sent: number;
  ok: number;
  failed: number;
  labelled: number;
  seconds: number;
  statuses: Record<string, number>;
  /** Why requests failed, most frequent first. */
  failures: ReplayFailure[];
};

export type ServingOperations = {
  'services.status': { input: Record<string, never>; output: ServicesOverview };
  /** Starts a gateway with the champion and every running shadow test's challenger behind it. */
  'services.start': {
    input: { model?: string; runtime?: 'process' | 'docker'; gatewayPort?: number };
    output: ServicesOverview;
  };
  /** Stops the gateway and services of one model, or of every model started here. */
  'services.stop': { input: { model?: string }; output: ServicesOverview };
  /** Every recorded service of every model, wherever it runs (a `podium serve` in another process too). */
  'services.list': { input: { model?: string }; output: ServiceHealth[] };
  /**
   * Asks the serving process (here or a `podium serve` elsewhere) to run or stop a version's
   * service; it acts on its next reconcile.
   */
  'services.setDesired': {
    input: { model?: string; version?: number; desired: 'running' | 'stopped' };
    output: ServiceStatus;
  };
  'services.restart': { input: { serviceId: ServiceId }; output: ServicesOverview };
  'services.logs': {
    input: { serviceId: ServiceId; lines?: number };
    output: { serviceId: ServiceId; file: string | null; lines: string[] };
  };
  'services.metrics': {
    input: { serviceId: ServiceId; resolution?: 'raw' | 'minute'; sinceMinutes?: number };
    output: ServiceMetrics;
  };
  /**
   * The CLI's `podium replay`: sends a CSV on this machine's disk through a gateway (default: the
   * configured serving address) as live traffic with labels; the report arrives in `job.done`.
   */
  'replay.file': {
    input: {
      /** Absolute path of the CSV. */
      file: string;
      rate: number;
      labelColumn?: string;
      durationSeconds?: number;
      limit?: number;
      gatewayUrl?: string;
      /** How the file is written, instead of detecting it. */
      dialect?: CsvDialectOptions;
      /** The gateway this model's `podium serve` runs (when no gatewayUrl is given). */
      model?: string;
    };
    output: JobStarted;
  };
  /** Sends a dataset's rows through the model's running gateway as live traffic (with labels). */
  'replay.start': {
    input: { datasetId: string; rate: number; labelColumn?: string; limit?: number; model?: string };
    output: JobStarted;
  };
};
