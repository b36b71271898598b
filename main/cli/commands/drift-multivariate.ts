import type { MultivariateDrift } from '../../contract/index.js';

const LABELS: Record<MultivariateDrift['method'], string> = {
  pca_reconstruction: 'PCA reconstruction',
  domain_classifier: 'domain classifier',
};

/** The multivariate checks in `podium drift`'s text output: one line each; the reason carries the numbers. */
export function multivariateLines(results: readonly MultivariateDrift[] | undefined): string[] {
  if (!results || results.length === 0) return [];
  return [
    'Multivariate drift:',
    ...results.map(
      (result) =>
        `  ${LABELS[result.method]}: ${result.skipped ? 'skipped' : result.status.replace('_', ' ')}. ${result.reason}`,
    ),
  ];
}
