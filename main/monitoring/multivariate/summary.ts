import type { MultivariateDrift } from '../../contract/index.js';

const LABELS: Record<MultivariateDrift['method'], string> = {
  pca_reconstruction: 'PCA reconstruction',
  domain_classifier: 'domain classifier',
};

/** The multivariate verdicts as one sentence of the report's summary. */
export function multivariateSummary(results: readonly MultivariateDrift[]): string {
  const drifted = results.filter((result) => result.status === 'drift');
  if (drifted.length > 0) {
    const classifier = results.find((result) => result.method === 'domain_classifier');
    const leading =
      classifier?.method === 'domain_classifier' &&
      classifier.status === 'drift' &&
      classifier.topFeatures.length > 0
        ? ` (most telling: ${classifier.topFeatures
            .slice(0, 3)
            .map((feature) => feature.name)
            .join(', ')})`
        : '';
    return `Multivariate drift: ${drifted.map((result) => LABELS[result.method]).join(', ')}${leading}.`;
  }
  if (results.length > 0 && results.every((result) => result.skipped === true))
    return `Multivariate: skipped (${results[0].currentRows} rows in the window).`;
  if (results.every((result) => result.status === 'not_applicable')) return 'Multivariate: not applicable.';
  return 'Multivariate: ok.';
}

export function multivariateLabel(method: MultivariateDrift['method']): string {
  return LABELS[method];
}
