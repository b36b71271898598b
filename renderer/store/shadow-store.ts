import { createStore } from 'zustand/vanilla';
import type { PodiumErrorData } from '../../main/contract/errors.js';
import type {
  Decision,
  PodiumClient,
  ShadowSeriesPoint,
  ShadowStatisticalTests,
  ShadowTestOverview,
  ShadowTestReport,
  ShadowTestStatusView,
} from '../../main/contract/index.js';
import { idle, loading, type Remote, settle } from './remote.js';

/**
 * Merges a freshly fetched series into the one on screen: points are keyed by time, a newer
 * fetch wins for the same bucket (the latest bucket grows while the test runs), order is by time.
 */
export function mergeSeries(
  existing: ShadowSeriesPoint[],
  incoming: ShadowSeriesPoint[],
): ShadowSeriesPoint[] {
  const byTime = new Map<string, ShadowSeriesPoint>();
  for (const point of existing) byTime.set(point.at, point);
  for (const point of incoming) byTime.set(point.at, point);
  return [...byTime.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

export type ShadowChartPoint = {
  at: string;
  time: number;
  difference: number | null;
  /** [lower, upper] for a recharts range Area; null where no interval exists yet. */
  band: [number, number] | null;
  agreement: number | null;
  championLatency: number | null;
  challengerLatency: number | null;
  labelledPairs: number;
  mirroredRequests: number;
};

export function chartPoints(series: ShadowSeriesPoint[]): ShadowChartPoint[] {
  return series.map((point) => ({
    at: point.at,
    time: Date.parse(point.at),
    difference: point.meanDifference,
    band: point.lower !== null && point.upper !== null ? [point.lower, point.upper] : null,
    agreement: point.agreementRate,
    championLatency: point.latencyMsP50.champion,
    challengerLatency: point.latencyMsP50.challenger,
    labelledPairs: point.labelledPairs,
    mirroredRequests: point.mirroredRequests,
  }));
}

/**
 * The y range of the shadow chart: the latest band, its mean difference and zero, with a
 * quarter of that span as padding on each side. The first pairs' bands are far wider (±1 or
 * more) and would flatten the band that matters now, so they are clipped instead. Null (let the
 * chart choose) when no band exists yet.
 */
export function chartDomain(points: ShadowChartPoint[]): [number, number] | null {
  const last = [...points].reverse().find((point) => point.band !== null);
  if (last?.band == null) return null;
  const values = [...last.band, 0, ...(last.difference === null ? [] : [last.difference])];
  const low = Math.min(...values);
  const high = Math.max(...values);
  const pad = (high - low || 1e-3) * 0.25;
  return [low - pad, high + pad];
}

export type ShadowTask = 'classification' | 'regression';

/**
 * The core scores a classification shadow test by accuracy and a number one by mean absolute
 * error, and only for classes is "the two models agree" a meaningful rate (for numbers it counts
 * identical predictions, which two different models almost never make).
 */
export function shadowTask(report: Pick<ShadowTestReport, 'metric'>): ShadowTask {
  return report.metric === 'accuracy' ? 'classification' : 'regression';
}

const pFormat = (p: number) => (p < 1e-4 ? '< 0.0001' : p.toFixed(4));

/** The statistical tests the core ran on the labelled pairs, in words, from the report's `tests`. */
export function evidenceTests(tests: ShadowStatisticalTests | undefined): string[] {
  const lines: string[] = [];
  const { mcnemar, pairedT, wilcoxon } = tests ?? {};
  if (mcnemar !== undefined)
    lines.push(
      `McNemar exact test: champion right and challenger wrong ${mcnemar.b}, the reverse ${mcnemar.c}; p (challenger better) ${pFormat(mcnemar.pGreater)}`,
    );
  if (pairedT !== undefined)
    lines.push(
      `Paired t-test on absolute errors: t = ${pairedT.t.toFixed(2)}, df ${pairedT.df}; p (challenger better) ${pFormat(pairedT.pGreater)}`,
    );
  if (wilcoxon !== undefined)
    lines.push(`Wilcoxon signed-rank test: p (challenger better) ${pFormat(wilcoxon.pGreater)}`);
  return lines;
}

export function samplesProgress(view: ShadowTestStatusView): { current: number; total: number } {
  return { current: Math.min(view.samples.labelled, view.samples.needed), total: view.samples.needed };
}

export type ShadowState = {
  tests: Remote<ShadowTestOverview[]>;
  selectedId: number | null;
  status: Remote<ShadowTestStatusView>;
  series: ShadowSeriesPoint[];
  pending: 'stop' | 'complete' | null;
  actionError: PodiumErrorData | null;
  completedDecision: Decision | null;
  /** The tests of one model (the chosen one); without, the workspace default model's. */
  load(model?: string): Promise<void>;
  select(testId: number): Promise<void>;
  refreshStatus(): Promise<void>;
  stop(reason: string): Promise<void>;
  complete(): Promise<void>;
  attach(): () => void;
};

export function createShadowStore(client: PodiumClient) {
  let inFlight = false;
  let again = false;
  let shownModel: string | undefined;
  let loadedOnce = false;
  return createStore<ShadowState>()((set, get) => ({
    tests: idle(),
    selectedId: null,
    status: idle(),
    series: [],
    pending: null,
    actionError: null,
    completedDecision: null,
    async load(model) {
      // A test opened by its link stays selected on the first load; choosing another model
      // afterwards moves to that model's tests.
      const switched = loadedOnce && model !== shownModel;
      shownModel = model;
      loadedOnce = true;
      set({ tests: loading(switched ? idle() : get().tests) });
      const result = await client.sendCatch('shadow.list', model === undefined ? {} : { model });
      if (shownModel !== model) return;
      set({ tests: settle(get().tests, result) });
      const tests = result.data ?? [];
      const running = tests.find((test) => test.status === 'running') ?? tests[0];
      const selected = get().selectedId;
      if (selected !== null && !(switched && !tests.some((test) => test.id === selected)))
        await get().refreshStatus();
      else if (running !== undefined) await get().select(running.id);
      else set({ selectedId: null, status: idle(), series: [], completedDecision: null });
    },
    async select(testId) {
      if (get().selectedId !== testId)
        set({ selectedId: testId, series: [], status: idle(), completedDecision: null });
      await get().refreshStatus();
    },
    async refreshStatus() {
      const testId = get().selectedId;
      if (testId === null) return;
      // Events can arrive many times a second during replay: one request at a time, one more after.
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      set({ status: loading(get().status) });
      const result = await client.sendCatch('shadow.status', { testId });
      inFlight = false;
      if (get().selectedId === testId) {
        set({
          status: settle(get().status, result),
          series: result.data === undefined ? get().series : mergeSeries(get().series, result.data.series),
        });
      }
      if (again) {
        again = false;
        await get().refreshStatus();
      }
    },
    async stop(reason) {
      const testId = get().selectedId;
      if (testId === null) return;
      set({ pending: 'stop', actionError: null });
      const result = await client.sendCatch('shadow.stop', { testId, reason });
      set({ pending: null, actionError: result.error ?? null });
      await get().load(shownModel);
    },
    async complete() {
      const testId = get().selectedId;
      if (testId === null) return;
      set({ pending: 'complete', actionError: null });
      const result = await client.sendCatch('shadow.complete', { testId });
      set({ pending: null, actionError: result.error ?? null, completedDecision: result.data ?? null });
      await get().load(shownModel);
    },
    attach() {
      return client.listen('shadow.updated', (event) => {
        if (event.testId === get().selectedId) void get().refreshStatus();
      });
    },
  }));
}

export type ShadowStore = ReturnType<typeof createShadowStore>;
