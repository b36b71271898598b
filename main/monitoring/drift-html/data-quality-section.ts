import type { DataQualityCheck, StoredDriftReport } from '../../contract/index.js';
import { type Html, html } from './html.js';

const CHECK_NAMES: Record<DataQualityCheck['check'], string> = {
  missing_rate: 'missing rate',
  out_of_range: 'out of range',
  unseen_category: 'unseen category',
  type_mismatch: 'type mismatch',
};

const percent = (share: number) => `${Number((share * 100).toFixed(2))}%`;

function thresholdText(check: DataQualityCheck): string {
  return check.thresholdLower === undefined
    ? `≤ ${percent(check.threshold)}`
    : `${percent(check.thresholdLower)} – ${percent(check.threshold)}`;
}

/** How the thresholds were learned, in one sentence above the table. */
function basisText(reference: StoredDriftReport['report']['dataQualityReference']): string {
  if (!reference) return '';
  return reference.method === 'chunks'
    ? `Thresholds learned from the training data: ${reference.rows.toLocaleString('en-US')} rows split into ${reference.chunks} chunks of ${reference.chunkRows.toLocaleString('en-US')}; each threshold is the chunk values' mean ± 3σ, never tighter than a stated floor.`
    : `The training data (${reference.rows.toLocaleString('en-US')} rows) is too small to split into chunks, so each threshold is a floor around the training value.`;
}

/** Data quality of every column: alerts first, each row with its value, threshold and the reason. */
export function dataQualityHtml(stored: StoredDriftReport): Html | null {
  const checks = stored.report.dataQuality;
  if (!checks || checks.length === 0) return null;
  const ordered = [
    ...checks.filter((check) => check.status === 'alert'),
    ...checks.filter((check) => check.status !== 'alert'),
  ];
  const alerts = checks.length - checks.filter((check) => check.status === 'ok').length;
  return html`<p class="summary">${alerts === 0 ? `All ${checks.length} checks ok.` : `${alerts} of ${checks.length} checks alert.`} ${basisText(stored.report.dataQualityReference)}</p>
<table class="index data-quality"><thead><tr><th>column</th><th>check</th><th>status</th><th>value</th><th>threshold</th><th>reason</th></tr></thead><tbody>${ordered.map(
    (check) =>
      html`<tr data-check="${check.check}" data-column="${check.column}"><td>${check.column}${check.usedByModel ? '' : html` <small>(not used by the model)</small>`}</td><td>${CHECK_NAMES[check.check]}</td><td><span class="pill ${check.status}">${check.status}</span></td><td>${percent(check.value)}</td><td>${thresholdText(check)}</td><td>${check.reason}</td></tr>`,
  )}</tbody></table>`;
}
