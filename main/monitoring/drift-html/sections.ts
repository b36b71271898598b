import type { DriftStatus, FeatureDrift, StoredDriftReport } from '../../contract/index.js';
import { chunksHeatmap } from './chunks-section.js';
import { dataQualityHtml } from './data-quality-section.js';
import { histogramSvg } from './histogram-svg.js';
import { type Html, html } from './html.js';
import { multivariateSection } from './multivariate-section.js';
import { statisticsTable } from './statistics-table.js';

/**
 * The parts of a drift report page, in order. Each renders its part of the stored report, or
 * `null` when the report has no such part, and the page simply leaves it out. Data quality,
 * multivariate drift and chunks join this list (ids `data-quality`, `multivariate`, `chunks`) as
 * the report gains them.
 */
export type DriftReportSection = {
  id: string;
  title: string;
  render(stored: StoredDriftReport): Html | null;
};

const SEVERITY: Record<DriftStatus, number> = { drift: 0, warning: 1, ok: 2, not_applicable: 3 };
const STATUS_TEXT: Record<DriftStatus, string> = {
  drift: 'drift',
  warning: 'warning',
  ok: 'no drift',
  not_applicable: 'not applicable',
};
const DECIDED_BY: Record<FeatureDrift['decidedBy'], string> = {
  effect_size: 'effect size',
  test: 'statistical test',
  schema: 'schema',
  none: 'nothing to compare',
};

/** Worst first; within a status, the larger PSI first, then by name so the order is stable. */
export function bySeverity(features: readonly FeatureDrift[]): FeatureDrift[] {
  return [...features].sort(
    (a, b) =>
      SEVERITY[a.status] - SEVERITY[b.status] ||
      (b.statistics.psi ?? -1) - (a.statistics.psi ?? -1) ||
      a.name.localeCompare(b.name),
  );
}

export function statusPill(status: DriftStatus): Html {
  return html`<span class="pill ${status}">${STATUS_TEXT[status]}</span>`;
}

function featureCard(feature: FeatureDrift, anchor: string, role?: string): Html {
  const chart = histogramSvg(feature);
  return html`<article class="feature ${feature.status}" id="${anchor}" data-feature="${feature.name}">
<header><h3>${feature.name}${role ? html` <small>${role}</small>` : ''}${feature.usedByModel === false ? html` <small>not used by the model</small>` : ''}</h3>${statusPill(feature.status)}<span class="kind">${feature.kind}</span></header>
<p class="reason">${feature.reason}</p>
<p class="decided">Decided by: ${DECIDED_BY[feature.decidedBy]}</p>
<div class="body">${statisticsTable(feature)}<figure>${
    chart
      ? html`${chart}<figcaption><span class="key reference"></span>training (reference) <span class="key current"></span>current</figcaption>`
      : feature.rangeCheck
        ? html`<p class="no-chart">Training window ${feature.rangeCheck.window[0]} – ${feature.rangeCheck.window[1]}: ${(feature.rangeCheck.outsideShare * 100).toFixed(1)}% of current dates outside it.</p>`
        : html`<p class="no-chart">No histogram: the feature has no values to bin.</p>`
  }</figure></div>
</article>`;
}

function where(stored: StoredDriftReport): string {
  if (stored.source === 'file') return `dataset ${stored.datasetId ?? 'unknown'}`;
  return `live requests ${stored.window?.from ?? '?'} → ${stored.window?.to ?? '?'}`;
}

const overview: DriftReportSection = {
  id: 'overview',
  title: 'Overview',
  render(stored) {
    const { report } = stored;
    const verdict = report.datasetDrift ? 'Dataset drift' : 'No dataset drift';
    const features = bySeverity(report.features);
    return html`<div class="verdict ${report.datasetDrift ? 'drift' : 'ok'}" id="verdict">${verdict}</div>
<dl class="facts">
<div><dt>Model</dt><dd>${stored.model} v${stored.version}</dd></div>
<div><dt>Data</dt><dd>${where(stored)}</dd></div>
<div><dt>Rows</dt><dd>${stored.rows.toLocaleString('en-US')}</dd></div>
<div><dt>Checked at</dt><dd><time datetime="${stored.createdAt}">${stored.createdAt}</time></dd></div>
<div><dt>Drift share</dt><dd>${(report.driftShare * 100).toFixed(0)}% (${report.driftedFeatures} of ${report.applicableFeatures} features)</dd></div>
</dl>
<p class="summary">${report.summary}</p>
${
  features.length > 0
    ? html`<table class="index"><thead><tr><th>feature</th><th>verdict</th><th>reason</th></tr></thead><tbody>${features.map(
        (feature, i) =>
          html`<tr><td><a href="#feature-${i + 1}">${feature.name}</a></td><td>${statusPill(feature.status)}</td><td>${feature.reason}</td></tr>`,
      )}</tbody></table>`
    : ''
}`;
  },
};

const features: DriftReportSection = {
  id: 'features',
  title: 'Features',
  render({ report }) {
    if (report.features.length === 0) return null;
    return html`${bySeverity(report.features).map((feature, i) => featureCard(feature, `feature-${i + 1}`))}`;
  },
};

const prediction: DriftReportSection = {
  id: 'prediction',
  title: "The model's predictions",
  render({ report }) {
    return report.prediction ? featureCard(report.prediction, 'prediction-drift', 'prediction') : null;
  },
};

const dataQuality: DriftReportSection = {
  id: 'data-quality',
  title: 'Data quality',
  render: dataQualityHtml,
};

const chunks: DriftReportSection = { id: 'chunks', title: 'Drift over time', render: chunksHeatmap };

export const DRIFT_REPORT_SECTIONS: readonly DriftReportSection[] = [
  overview,
  chunks,
  features,
  prediction,
  multivariateSection,
  dataQuality,
];
