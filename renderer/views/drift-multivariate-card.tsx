import type { MultivariateDrift } from '../../main/contract/index.js';
import { Pill } from '../components/notices.js';
import { Card } from '../components/page.js';
import { formatNumber, formatPercent } from '../format.js';
import { driftTone } from '../store/drift-store.js';

const TITLES: Record<MultivariateDrift['method'], string> = {
  pca_reconstruction: 'PCA reconstruction error',
  domain_classifier: 'Domain classifier',
};

/** The headline number of a check against its limit, or nothing when it was not applicable. */
function figure(result: MultivariateDrift): string {
  if (result.method === 'pca_reconstruction') {
    return result.value === null
      ? ''
      : `error ${formatNumber(result.value, 3)} (limits ${formatNumber(result.lowerThreshold ?? 0, 3)}–${formatNumber(result.threshold ?? 0, 3)})`;
  }
  return result.auc === null
    ? ''
    : `AUC ${formatNumber(result.auc, 3)} (chance allows ${formatNumber(result.threshold ?? 0, 3)})`;
}

/** Multivariate drift: whether the columns still move together as in training. */
export function MultivariateCard(props: { results: readonly MultivariateDrift[] }) {
  return (
    <Card
      title="Multivariate drift"
      subtitle="How the columns vary together, on samples of rows: caught even when every column alone looks the same."
      testId="drift-multivariate"
    >
      {props.results.map((result) => (
        <div key={result.method} className="row" data-method={result.method} style={{ marginBottom: 8 }}>
          <Pill tone={driftTone(result.status)}>
            {result.skipped ? 'skipped' : result.status.replace('_', ' ')}
          </Pill>
          <strong>{TITLES[result.method]}</strong>
          <span>{figure(result)}</span>
          <span className="muted small">{result.reason}</span>
          {result.method === 'domain_classifier' && result.topFeatures.length > 0 ? (
            <span className="small">
              Most telling:{' '}
              {result.topFeatures.map((f) => `${f.name} ${formatPercent(f.importance, 0)}`).join(', ')}
            </span>
          ) : null}
        </div>
      ))}
    </Card>
  );
}
