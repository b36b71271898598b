import type { FeatureDrift } from '../../contract/index.js';
import { type Html, html } from './html.js';

/** What each statistic of a feature is called in the report; an unknown key shows as itself. */
const STATISTIC_LABELS: Record<string, { label: string; share?: boolean }> = {
  psi: { label: 'PSI (population stability index)' },
  js: { label: 'Jensen–Shannon distance' },
  wasserstein: { label: 'Wasserstein distance / reference σ' },
  wasserstein_raw: { label: 'Wasserstein distance (raw units)' },
  ks: { label: 'Kolmogorov–Smirnov statistic' },
  ks_p: { label: 'KS p-value' },
  ks_p_adjusted: { label: 'KS p-value (Benjamini–Hochberg)' },
  chi2: { label: 'χ² statistic' },
  chi2_df: { label: 'χ² degrees of freedom' },
  chi2_p: { label: 'χ² p-value' },
  chi2_p_adjusted: { label: 'χ² p-value (Benjamini–Hochberg)' },
  unseen_share: { label: 'share of never-seen categories', share: true },
  missing_share: { label: 'missing share (current)', share: true },
  missing_share_reference: { label: 'missing share (training)', share: true },
  constant_differs_share: { label: 'share differing from the training constant', share: true },
  constant_differs_threshold: { label: 'allowed share (rule of three, 3/N)', share: true },
  filled_share: { label: 'share with a value (empty in training)', share: true },
  filled_threshold: { label: 'allowed share (rule of three, 3/N)', share: true },
  duplicate_share: { label: 'share of repeated ids (current)', share: true },
  duplicate_share_reference: { label: 'share of repeated ids (training)', share: true },
  outside_share: { label: 'share outside the training window', share: true },
};

export function formatStatistic(key: string, value: number): string {
  if (STATISTIC_LABELS[key]?.share) return `${(value * 100).toFixed(1)}%`;
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential(2) : value.toFixed(4);
}

export function statisticsTable(feature: FeatureDrift): Html {
  const rows: [string, string][] = [
    [
      'rows (training / current)',
      `${feature.nReference.toLocaleString('en-US')} / ${feature.nCurrent.toLocaleString('en-US')}`,
    ],
    ['missing in current', feature.missingCurrent.toLocaleString('en-US')],
    ...Object.entries(feature.statistics).map(([key, value]): [string, string] => [
      STATISTIC_LABELS[key]?.label ?? key,
      formatStatistic(key, value),
    ]),
  ];
  return html`<table class="statistics"><tbody>${rows.map(
    ([label, value]) => html`<tr><th scope="row">${label}</th><td>${value}</td></tr>`,
  )}</tbody></table>`;
}
