import type { DriftStatus, MultivariateDrift } from '../../contract/index.js';
import { type Html, html } from './html.js';
import type { DriftReportSection } from './sections.js';

const STATUS_TEXT: Record<DriftStatus, string> = {
  drift: 'drift',
  warning: 'warning',
  ok: 'no drift',
  not_applicable: 'not applicable',
};
const TITLES: Record<MultivariateDrift['method'], string> = {
  pca_reconstruction: 'PCA reconstruction error',
  domain_classifier: 'Domain classifier',
};

const number = (value: number | null, digits = 3) => (value === null ? '-' : value.toFixed(digits));

function figures(result: MultivariateDrift): Html {
  if (result.method === 'pca_reconstruction') {
    return html`<table class="multivariate-figures"><tbody>
<tr><th>current error</th><td>${number(result.value)}</td></tr>
<tr><th>reference error</th><td>${number(result.referenceValue)}</td></tr>
<tr><th>limits (mean ± 3σ)</th><td>${number(result.lowerThreshold)} – ${number(result.threshold)}</td></tr>
<tr><th>components</th><td>${result.components}${result.explainedVariance === null ? '' : ` (${(result.explainedVariance * 100).toFixed(0)}% of the variance)`}</td></tr>
<tr><th>rows (reference / current)</th><td>${result.referenceRows} / ${result.currentRows}</td></tr>
</tbody></table>`;
  }
  return html`<table class="multivariate-figures"><tbody>
<tr><th>cross-validated AUC</th><td>${number(result.auc)}</td></tr>
<tr><th>chance allows (α = ${result.alpha})</th><td>${number(result.threshold)}</td></tr>
<tr><th>folds</th><td>${result.folds}</td></tr>
<tr><th>rows (reference / current)</th><td>${result.referenceRows} / ${result.currentRows}</td></tr>
${result.topFeatures.map(
  (feature, i) =>
    html`<tr><th>${i === 0 ? 'most telling inputs' : ''}</th><td>${feature.name} ${(feature.importance * 100).toFixed(0)}%</td></tr>`,
)}
</tbody></table>`;
}

/**
 * Multivariate drift: whether the columns still move together as in training, even where each
 * one alone looks the same. Left out of reports made before these checks existed.
 */
export const multivariateSection: DriftReportSection = {
  id: 'multivariate',
  title: 'Multivariate drift',
  render({ report }) {
    if (!report.multivariate || report.multivariate.length === 0) return null;
    return html`<p>How the columns vary together, compared on samples of rows: an error or AUC beyond its limit means rows no longer look like training rows, even where every column alone does.</p>
${report.multivariate.map(
  (result) => html`<article class="feature ${result.status}" data-method="${result.method}">
<header><h3>${TITLES[result.method]}</h3><span class="pill ${result.status}">${result.skipped ? 'skipped' : STATUS_TEXT[result.status]}</span></header>
<p class="reason">${result.reason}</p>
${figures(result)}
</article>`,
)}`;
  },
};
