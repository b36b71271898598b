import { createStore } from 'zustand/vanilla';
import type { PodiumErrorData } from '../../main/contract/errors.js';
import type {
  PodiumClient,
  ReplayReport,
  ServiceMetrics,
  ServiceStatus,
  ServicesOverview,
} from '../../main/contract/index.js';
import type { JobState, JobsStore } from './jobs-store.js';
import { idle, loading, type Remote, settle } from './remote.js';
import type { Tone } from './tone.js';

const upStates = new Set(['healthy', 'running', 'ready']);

export function serviceTone(service: ServiceStatus): Tone {
  if (upStates.has(service.state)) return 'ok';
  if (service.state === 'starting' || service.state === 'requested') return 'info';
  if (service.state === 'stopped' && service.desiredState === 'stopped') return 'neutral';
  return 'bad';
}

/** Something to stop: a service meant to run or still on its way up or down. */
export function anyRunning(services: ServiceStatus[]): boolean {
  return services.some(
    (service) =>
      service.desiredState === 'running' || (service.state !== 'stopped' && service.state !== 'failed'),
  );
}

/** A replay job's report, once the job is done (the result its job.done event carried). */
export function replayReportOf(job: JobState | undefined): ReplayReport | null {
  if (job === undefined || job.kind !== 'replay' || job.status !== 'succeeded' || job.result === null)
    return null;
  // job.done of kind 'replay' carries a ReplayReport (JobDoneEventSchema); the jobs store keeps results untyped.
  return job.result as ReplayReport;
}

/** Labels the gateway refused (/feedback): the rows were answered, their labels not stored. */
export function refusedLabels(report: ReplayReport): number {
  return report.failures.filter((f) => f.route === '/feedback').reduce((sum, f) => sum + f.count, 0);
}

/** Every request of the replay that failed, predictions and labels alike. */
export function failedRequests(report: ReplayReport): number {
  return report.failures.reduce((sum, failure) => sum + failure.count, 0);
}

/**
 * The report's headline, e.g. "200 rows sent: 200 answered, 0 failed; 180 labels stored, 20
 * refused (1.2 s)": `failed` counts rows without an answer; a refused label is counted apart.
 */
export function replayHeadline(report: ReplayReport): string {
  const refused = refusedLabels(report);
  const labels =
    report.labelled > 0 || refused > 0
      ? `; ${report.labelled} labels stored${refused > 0 ? `, ${refused} refused` : ''}`
      : '';
  return `${report.sent} rows sent: ${report.ok} answered, ${report.failed} failed${labels} (${report.seconds.toFixed(1)} s)`;
}

/** Failure groups, the largest first: the first row says what to fix first. */
export function replayFailureRows(report: ReplayReport) {
  return [...report.failures]
    .sort((a, b) => b.count - a.count || a.route.localeCompare(b.route) || a.code.localeCompare(b.code))
    .map((failure) => ({
      ...failure,
      key: `${failure.route} ${failure.status} ${failure.code}`,
      statusText: failure.status === 0 ? 'no answer' : String(failure.status),
    }));
}

export type ServiceAction = 'start' | 'stop' | 'restart' | 'replay';

export type ServicesState = {
  overview: Remote<ServicesOverview>;
  selectedId: string | null;
  metrics: Remote<ServiceMetrics>;
  logs: Remote<{ file: string | null; lines: string[] }>;
  pending: ServiceAction | null;
  actionError: PodiumErrorData | null;
  replayJobId: number | null;
  load(): Promise<void>;
  select(serviceId: string): Promise<void>;
  refreshSelected(): Promise<void>;
  /** `gatewayPort` left out: serving.port from the workspace's config. */
  start(runtime: 'process' | 'docker', model?: string, gatewayPort?: number): Promise<void>;
  stop(model?: string): Promise<void>;
  restart(serviceId: string): Promise<void>;
  replay(input: { datasetId: string; rate: number; labelColumn?: string; limit?: number }): Promise<void>;
  attach(): () => void;
};

export function createServicesStore(client: PodiumClient, jobs: JobsStore) {
  return createStore<ServicesState>()((set, get) => {
    const act = async (
      action: ServiceAction,
      request: () => Promise<{ data?: ServicesOverview; error?: PodiumErrorData }>,
    ) => {
      set({ pending: action, actionError: null });
      const result = await request();
      set({
        pending: null,
        actionError: result.error ?? null,
        ...(result.data === undefined
          ? {}
          : { overview: { data: result.data, error: null, loading: false } }),
      });
      if (result.data !== undefined) await get().refreshSelected();
    };
    return {
      overview: idle(),
      selectedId: null,
      metrics: idle(),
      logs: idle(),
      pending: null,
      actionError: null,
      replayJobId: null,
      async load() {
        set({ overview: loading(get().overview) });
        const result = await client.sendCatch('services.status', {});
        set({ overview: settle(get().overview, result) });
        const first = result.data?.services[0];
        const selected = get().selectedId;
        if (selected !== null && result.data?.services.some((s) => s.serviceId === selected))
          await get().refreshSelected();
        else if (first !== undefined) await get().select(first.serviceId);
      },
      async select(serviceId) {
        if (get().selectedId !== serviceId) set({ selectedId: serviceId, metrics: idle(), logs: idle() });
        await get().refreshSelected();
      },
      async refreshSelected() {
        const serviceId = get().selectedId;
        if (serviceId === null) return;
        set({ metrics: loading(get().metrics), logs: loading(get().logs) });
        const [metrics, logs] = await Promise.all([
          client.sendCatch('services.metrics', { serviceId, resolution: 'raw', sinceMinutes: 60 }),
          client.sendCatch('services.logs', { serviceId, lines: 200 }),
        ]);
        if (get().selectedId !== serviceId) return;
        set({ metrics: settle(get().metrics, metrics), logs: settle(get().logs, logs) });
      },
      start(runtime, model, gatewayPort) {
        return act('start', () =>
          client.sendCatch('services.start', {
            runtime,
            ...(model === undefined ? {} : { model }),
            ...(gatewayPort === undefined ? {} : { gatewayPort }),
          }),
        );
      },
      stop(model) {
        return act('stop', () => client.sendCatch('services.stop', model === undefined ? {} : { model }));
      },
      restart(serviceId) {
        return act('restart', () => client.sendCatch('services.restart', { serviceId }));
      },
      async replay(input) {
        set({ pending: 'replay', actionError: null });
        const result = await client.sendCatch('replay.start', input);
        if (result.error !== undefined) {
          set({ pending: null, actionError: result.error });
          return;
        }
        jobs.getState().track(result.data.jobId, 'replay', `replay ${input.rate}/s`);
        set({ pending: null, replayJobId: result.data.jobId });
      },
      attach() {
        return client.listen('services.changed', () => {
          void get().load();
        });
      },
    };
  });
}

export type ServicesStore = ReturnType<typeof createServicesStore>;
