import type { FeatureDrift } from '../../contract/index.js';
import { type Html, html } from './html.js';

/**
 * Reference against current shares of one feature as an inline SVG bar chart: drawn here by hand
 * so the report needs no script, library, font or network to show it, on screen or on paper.
 */

const WIDTH = 640;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 8, bottom: 48, left: 44 };
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;
const LABEL_CHARS = 14;

type Bin = { label: string; reference: number; current: number };

export function histogramBins(histograms: FeatureDrift['histograms']): Bin[] {
  const { reference, current } = histograms;
  const count = Math.max(reference.length, current.length);
  const label =
    'categories' in histograms
      ? (i: number) => histograms.categories[i] ?? `#${i + 1}`
      : (i: number) => binLabel(histograms.edges, i, count);
  return Array.from({ length: count }, (_, i) => ({
    label: label(i),
    reference: reference[i] ?? 0,
    current: current[i] ?? 0,
  }));
}

/** Numeric bins lie between consecutive edges (edges = bins + 1); anything else is numbered. */
function binLabel(edges: number[], i: number, count: number): string {
  if (edges.length !== count + 1) return `bin ${i + 1}`;
  return `${number(edges[i])} – ${number(edges[i + 1])}`;
}

function number(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return value.toExponential(2);
  return Number(value.toPrecision(4)).toString();
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

function shorten(text: string): string {
  return text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text;
}

/** `null` when the feature has no bins (an empty or constant column): the caller says why instead. */
export function histogramSvg(feature: FeatureDrift): Html | null {
  const bins = histogramBins(feature.histograms);
  if (bins.length === 0) return null;
  const top = Math.max(...bins.flatMap((bin) => [bin.reference, bin.current]), 0.0001);
  const slot = PLOT_W / bins.length;
  const bar = Math.max(1, (slot * 0.8) / 2);
  const y = (share: number) => MARGIN.top + PLOT_H - (share / top) * PLOT_H;
  // Label every bin when they fit, else about ten of them, so labels never overlap.
  const labelEvery = Math.max(1, Math.ceil(bins.length / Math.max(1, Math.floor(PLOT_W / 60))));
  const ticks = [0, 0.5, 1].map((f) => top * f);
  const bars = bins.map((bin, i) => {
    const x = MARGIN.left + i * slot + slot * 0.1;
    const cx = MARGIN.left + i * slot + slot / 2;
    return html`<g class="bin"><title>${bin.label}: reference ${percent(bin.reference)}, current ${percent(bin.current)}</title><rect class="reference" x="${x.toFixed(1)}" y="${y(bin.reference).toFixed(1)}" width="${bar.toFixed(1)}" height="${(MARGIN.top + PLOT_H - y(bin.reference)).toFixed(1)}"/><rect class="current" x="${(x + bar).toFixed(1)}" y="${y(bin.current).toFixed(1)}" width="${bar.toFixed(1)}" height="${(MARGIN.top + PLOT_H - y(bin.current)).toFixed(1)}"/>${
      i % labelEvery === 0
        ? html`<text class="x-label" x="${cx.toFixed(1)}" y="${MARGIN.top + PLOT_H + 14}" transform="rotate(20 ${cx.toFixed(1)} ${MARGIN.top + PLOT_H + 14})">${shorten(bin.label)}</text>`
        : ''
    }</g>`;
  });
  return html`<svg class="histogram" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${`Histogram of ${feature.name}: reference against current shares`}">${ticks.map(
    (tick) =>
      html`<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}"/><text class="y-label" x="${MARGIN.left - 4}" y="${(y(tick) + 4).toFixed(1)}">${percent(tick)}</text>`,
  )}${bars}</svg>`;
}
