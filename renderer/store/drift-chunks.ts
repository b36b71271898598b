import type { DriftChunk, DriftReport, DriftStatus, FeatureDrift } from '../../main/contract/index.js';
import { driftColours } from './drift-store.js';

/** A period without a verdict (too few rows) or a feature it could not check: grey, as not applicable. */
const NOT_JUDGED = '#eceff3';
/** PSI at which a cell reaches full colour: well past the drift threshold (0.2) a deeper red says nothing more. */
const FULL_COLOUR_PSI = 0.5;

export type HeatmapCell = {
  feature: string;
  /** Index into the report's chunks. */
  chunk: number;
  status: DriftStatus | 'too_few_rows';
  psi: number | null;
  background: string;
  /** What the cell says to a reader who hovers it or a screen reader: feature, period, verdict, PSI. */
  title: string;
};

export type ChunkHeatmap = {
  periods: {
    label: string;
    start: string;
    end: string;
    rows: number;
    status: DriftChunk['status'];
    title: string;
  }[];
  rows: { feature: string; cells: HeatmapCell[] }[];
};

/** `#rrggbb` with an alpha: the status colour, fainter for a small effect. */
function withAlpha(hex: string, alpha: number): string {
  const value = Math.round(Math.min(1, Math.max(0, alpha)) * 255);
  return `${hex}${value.toString(16).padStart(2, '0')}`;
}

function cellOf(feature: string, chunk: DriftChunk, index: number): HeatmapCell {
  if (chunk.status === 'too_few_rows') {
    return {
      feature,
      chunk: index,
      status: 'too_few_rows',
      psi: null,
      background: NOT_JUDGED,
      title: `${feature}, ${chunk.label}: not judged (${chunk.rows} rows)`,
    };
  }
  const drift: FeatureDrift | undefined = chunk.features.find((f) => f.name === feature);
  const status = drift?.status ?? 'not_applicable';
  const psi = drift?.statistics.psi ?? null;
  const strength = psi === null ? 0.5 : 0.3 + 0.7 * Math.min(1, psi / FULL_COLOUR_PSI);
  return {
    feature,
    chunk: index,
    status,
    psi,
    background: status === 'not_applicable' ? NOT_JUDGED : withAlpha(driftColours[status], strength),
    title: `${feature}, ${chunk.label}: ${status.replace('_', ' ')}${psi === null ? '' : ` (PSI ${psi.toFixed(3)})`}, ${chunk.rows} rows`,
  };
}

/**
 * Drift over time as heatmap rows: one per feature (in the report's order), one cell per period,
 * coloured by the feature's verdict in that period and shaded by its PSI. Null without periods.
 */
export function chunkHeatmap(report: Pick<DriftReport, 'features' | 'chunks'>): ChunkHeatmap | null {
  const chunks = report.chunks ?? [];
  if (chunks.length === 0) return null;
  return {
    periods: chunks.map((chunk) => ({
      label: chunk.label,
      start: chunk.start,
      end: chunk.end,
      rows: chunk.rows,
      status: chunk.status,
      title: `${chunk.label} (${chunk.start} to ${chunk.end}, exclusive): ${chunk.rows} rows, ${
        chunk.status === 'too_few_rows'
          ? 'too few to judge'
          : `${chunk.driftedFeatures} of ${chunk.applicableFeatures} features drifted`
      }`,
    })),
    rows: report.features.map((feature) => ({
      feature: feature.name,
      cells: chunks.map((chunk, index) => cellOf(feature.name, chunk, index)),
    })),
  };
}

/** The feature's drift in one period, for the histograms beside the reference; null when not judged. */
export function chunkFeature(
  report: Pick<DriftReport, 'chunks'>,
  selection: { feature: string; chunk: number } | null,
): { chunk: DriftChunk; feature: FeatureDrift } | null {
  if (selection === null) return null;
  const chunk = report.chunks?.[selection.chunk];
  const feature = chunk?.features.find((f) => f.name === selection.feature);
  return chunk && feature ? { chunk, feature } : null;
}
