import { createStore } from 'zustand/vanilla';
import type { PodiumErrorData } from '../../main/contract/errors.js';
import type { PodiumClient, Run, RunComparison, RunDetail } from '../../main/contract/index.js';
import type { JobsStore } from './jobs-store.js';
import { idle, loading, type Remote, settle } from './remote.js';

export type RunSortKey = 'name' | 'experimentName' | 'status' | 'startedAt' | `metric:${string}`;
export type RunSort = { key: RunSortKey; direction: 'asc' | 'desc' };

function sortValue(run: Run, key: RunSortKey): string | number | null {
  if (key.startsWith('metric:')) {
    const value = run.metrics[key.slice('metric:'.length)];
    return value === undefined || Number.isNaN(value) ? null : value;
  }
  return run[key as 'name' | 'experimentName' | 'status' | 'startedAt'];
}

/** Filters by free text (name, experiment, status, id, model type) and sorts; runs without the value go last. */
export function visibleRuns(runs: Run[], sort: RunSort, filter: string): Run[] {
  const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (run: Run) => {
    const haystack = [run.name, run.experimentName, run.status, run.id, ...Object.values(run.params)]
      .join(' ')
      .toLowerCase();
    return words.every((word) => haystack.includes(word));
  };
  const sign = sort.direction === 'asc' ? 1 : -1;
  return runs.filter(matches).sort((a, b) => {
    const left = sortValue(a, sort.key);
    const right = sortValue(b, sort.key);
    if (left === null && right === null) return 0;
    if (left === null) return 1;
    if (right === null) return -1;
    if (typeof left === 'number' && typeof right === 'number') return (left - right) * sign;
    return String(left).localeCompare(String(right)) * sign;
  });
}

/** Held-out metrics say most about a run: validation first, then test, then the rest. */
function metricRank(key: string): number {
  if (key.startsWith('validation_')) return 0;
  if (key.startsWith('test_')) return 1;
  return 2;
}

/** The figures a champion/challenger decision reads first: AUC and accuracy for classes, R² and MAE for numbers. */
const decisionMetrics = ['roc_auc', 'accuracy', 'f1_score', 'f1', 'r2', 'mae', 'rmse', 'wmae'];

export function kindRank(key: string): number {
  const index = decisionMetrics.indexOf(key.replace(/^(validation|test|train)_/, ''));
  return index === -1 ? decisionMetrics.length : index;
}

/**
 * Metric names across runs, for table columns: the most common first, held-out ones before
 * training ones, and among those the ones decisions use (AUC/accuracy, R²/MAE) before losses.
 */
export function metricColumns(runs: Run[], limit = 4): string[] {
  const counts = new Map<string, number>();
  for (const run of runs)
    for (const key of Object.keys(run.metrics)) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts.entries()]
    .sort(
      (a, b) =>
        b[1] - a[1] ||
        metricRank(a[0]) - metricRank(b[0]) ||
        kindRank(a[0]) - kindRank(b[0]) ||
        a[0].localeCompare(b[0]),
    )
    .slice(0, limit)
    .map(([key]) => key);
}

/** Losses and errors are better lower; scores (accuracy, AUC, R², F1…) higher. */
export function lowerIsBetter(key: string): boolean {
  return /(loss|mse|rmse|mae|mape|error)$/i.test(key.replace(/^(validation|test|train)_/, ''));
}

/** The runs holding the best value of a metric (ties all count); none when fewer than two have it or all tie. */
export function bestRunIds(runs: Run[], key: string): Set<string> {
  const scored = runs.filter(
    (run) => typeof run.metrics[key] === 'number' && Number.isFinite(run.metrics[key]),
  );
  if (scored.length < 2) return new Set();
  const values = scored.map((run) => run.metrics[key]);
  const best = lowerIsBetter(key) ? Math.min(...values) : Math.max(...values);
  const winners = scored.filter((run) => run.metrics[key] === best);
  // All equal: there is no best to point at.
  return winners.length === scored.length ? new Set() : new Set(winners.map((run) => run.id));
}

/** Metric rows for a side-by-side comparison: held-out first, then the figures decisions read. */
export function comparisonMetricOrder(keys: string[]): string[] {
  return [...keys].sort(
    (a, b) => metricRank(a) - metricRank(b) || kindRank(a) - kindRank(b) || a.localeCompare(b),
  );
}

/** Clicking a sorted header flips it; a new header sorts descending for metrics, ascending otherwise. */
export function nextSort(current: RunSort, key: RunSortKey): RunSort {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: key.startsWith('metric:') || key === 'startedAt' ? 'desc' : 'asc' };
}

export type RunsState = {
  runs: Remote<Run[]>;
  sort: RunSort;
  filter: string;
  /** Runs ticked for side-by-side comparison, in the order ticked. */
  selected: string[];
  detail: Remote<RunDetail>;
  comparison: Remote<RunComparison>;
  compareJob: { jobId: number | null; error: PodiumErrorData | null; starting: boolean };
  load(): Promise<void>;
  setSort(key: RunSortKey): void;
  setFilter(filter: string): void;
  toggleSelected(runId: string): void;
  clearSelection(): void;
  open(runId: string): Promise<void>;
  compare(): Promise<void>;
  compareModels(input: { datasetId: string; target: string; split: 'time' | 'random' }): Promise<void>;
};

export function createRunsStore(client: PodiumClient, jobs: JobsStore) {
  return createStore<RunsState>()((set, get) => ({
    runs: idle(),
    sort: { key: 'startedAt', direction: 'desc' },
    filter: '',
    selected: [],
    detail: idle(),
    comparison: idle(),
    compareJob: { jobId: null, error: null, starting: false },
    async load() {
      set({ runs: loading(get().runs) });
      set({ runs: settle(get().runs, await client.sendCatch('runs.list', {})) });
    },
    setSort(key) {
      set({ sort: nextSort(get().sort, key) });
    },
    setFilter(filter) {
      set({ filter });
    },
    toggleSelected(runId) {
      const selected = get().selected;
      set({
        selected: selected.includes(runId) ? selected.filter((id) => id !== runId) : [...selected, runId],
      });
    },
    clearSelection() {
      set({ selected: [], comparison: idle() });
    },
    async open(runId) {
      set({ detail: loading(get().detail.data?.run.id === runId ? get().detail : idle()) });
      set({ detail: settle(get().detail, await client.sendCatch('runs.get', { runId })) });
    },
    async compare() {
      const runIds = get().selected;
      if (runIds.length < 2) {
        set({
          comparison: {
            data: null,
            loading: false,
            error: { code: 'USAGE', message: 'Tick at least two runs to compare them side by side' },
          },
        });
        return;
      }
      set({ comparison: loading(get().comparison) });
      set({ comparison: settle(get().comparison, await client.sendCatch('runs.compare', { runIds })) });
    },
    async compareModels(input) {
      set({ compareJob: { jobId: null, error: null, starting: true } });
      const result = await client.sendCatch('models.compare', input);
      if (result.error !== undefined) {
        set({ compareJob: { jobId: null, error: result.error, starting: false } });
        return;
      }
      jobs.getState().track(result.data.jobId, 'compare', `compare model types → ${input.target}`);
      set({ compareJob: { jobId: result.data.jobId, error: null, starting: false } });
    },
  }));
}

export type RunsStore = ReturnType<typeof createRunsStore>;
