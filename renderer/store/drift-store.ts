import { createStore } from 'zustand/vanilla';
import type {
  DriftReport,
  DriftStatus,
  FeatureDrift,
  PodiumClient,
  StoredDriftReport,
} from '../../main/contract/index.js';
import { idle, loading, type Remote, settle } from './remote.js';
import type { Tone } from './tone.js';

/** The headline's tone: bad for dataset drift, a warning when features drifted below the dataset threshold. */
export function datasetDriftTone(report: Pick<DriftReport, 'datasetDrift' | 'driftedFeatures'>): Tone {
  if (report.datasetDrift) return 'bad';
  return report.driftedFeatures > 0 ? 'warn' : 'ok';
}

export function driftTone(status: DriftStatus): Tone {
  switch (status) {
    case 'ok':
      return 'ok';
    case 'warning':
      return 'warn';
    case 'drift':
      return 'bad';
    case 'not_applicable':
      return 'neutral';
  }
}

/** Bar colours match the status pills (see styles.css). */
export const driftColours: Record<DriftStatus, string> = {
  ok: '#2f9e6a',
  warning: '#d99a1e',
  drift: '#c8392b',
  not_applicable: '#9aa3b2',
};

// PSI first: both numeric and categorical features report it, so bars compare like with like.
const effectKeys = ['psi', 'js', 'wasserstein', 'ks', 'chi2'];

/** The one number a feature's bar shows: its effect size if any, else its first statistic. */
export function driftScore(feature: FeatureDrift): { name: string; value: number } | null {
  for (const key of effectKeys) {
    const value = feature.statistics[key];
    if (value !== undefined && Number.isFinite(value)) return { name: key, value };
  }
  const first = Object.entries(feature.statistics).find(([, value]) => Number.isFinite(value));
  return first === undefined ? null : { name: first[0], value: first[1] };
}

const statusRank: Record<DriftStatus, number> = { drift: 0, warning: 1, ok: 2, not_applicable: 3 };

/** Drifted features first, then by score, so the bars read from worst to best. */
export function featureBars(features: FeatureDrift[]) {
  return features
    .map((feature) => ({ name: feature.name, status: feature.status, score: driftScore(feature) }))
    .sort(
      (a, b) => statusRank[a.status] - statusRank[b.status] || (b.score?.value ?? 0) - (a.score?.value ?? 0),
    )
    .map((bar) => ({ ...bar, value: bar.score?.value ?? 0, colour: driftColours[bar.status] }));
}

/** Reference and current shares per bin or category, as chart rows. */
export function histogramOverlay(
  feature: FeatureDrift,
): { bin: string; reference: number; current: number }[] {
  const h = feature.histograms;
  const labels =
    'edges' in h
      ? h.reference.map((_, index) => formatEdge(h.edges[index], h.edges[index + 1]))
      : h.categories;
  return labels.map((bin, index) => ({
    bin,
    reference: h.reference[index] ?? 0,
    current: h.current[index] ?? 0,
  }));
}

function formatEdge(lower: number | undefined, upper: number | undefined): string {
  const f = (value: number | undefined) =>
    value === undefined
      ? '?'
      : Math.abs(value) >= 1000
        ? value.toFixed(0)
        : Number(value.toPrecision(3)).toString();
  return `${f(lower)}–${f(upper)}`;
}

/** Drift share per stored report, oldest first. */
export function driftOverTime(history: StoredDriftReport[]) {
  return [...history]
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
    .map((stored) => ({
      at: stored.createdAt,
      time: Date.parse(stored.createdAt),
      driftShare: stored.report.driftShare,
      drifted: stored.report.driftedFeatures,
      version: stored.version,
    }));
}

export type DriftState = {
  report: Remote<StoredDriftReport | null>;
  history: Remote<StoredDriftReport[]>;
  selectedFeature: string | null;
  load(model?: string): Promise<void>;
  check(datasetId: string, model?: string): Promise<void>;
  selectFeature(name: string): void;
};

export function createDriftStore(client: PodiumClient) {
  const pickFeature = (report: StoredDriftReport | null, current: string | null): string | null => {
    const features = report?.report.features ?? [];
    if (current !== null && features.some((feature) => feature.name === current)) return current;
    return featureBars(features)[0]?.name ?? null;
  };
  /** The model whose reports are shown: another model's report never stays on screen. */
  let shownModel: string | undefined;
  return createStore<DriftState>()((set, get) => ({
    report: idle(),
    history: idle(),
    selectedFeature: null,
    async load(model) {
      const switched = model !== shownModel;
      shownModel = model;
      set({
        report: loading(switched ? idle() : get().report),
        history: loading(switched ? idle() : get().history),
      });
      const args = model === undefined ? {} : { model };
      const [report, history] = await Promise.all([
        client.sendCatch('drift.report', args),
        client.sendCatch('drift.history', args),
      ]);
      if (shownModel !== model) return;
      const next = settle(get().report, report);
      set({
        report: next,
        history: settle(get().history, history),
        selectedFeature: pickFeature(next.data, get().selectedFeature),
      });
    },
    async check(datasetId, model) {
      shownModel = model;
      set({ report: loading(get().report) });
      const report = await client.sendCatch(
        'drift.report',
        model === undefined ? { datasetId } : { datasetId, model },
      );
      const next = settle(get().report, report);
      set({ report: next, selectedFeature: pickFeature(next.data, get().selectedFeature) });
      const history = await client.sendCatch('drift.history', model === undefined ? {} : { model });
      set({ history: settle(get().history, history) });
    },
    selectFeature(name) {
      set({ selectedFeature: name });
    },
  }));
}

export type DriftStore = ReturnType<typeof createDriftStore>;
