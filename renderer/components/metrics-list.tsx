import type { Metrics } from '../../main/contract/index.js';
import { formatMetric } from '../format.js';

/** Metrics are whatever the task produced (accuracy, roc_auc, rmse, wmae…): shown by name, never assumed. */
export function MetricsList(props: { metrics: Metrics; limit?: number }) {
  const entries = Object.entries(props.metrics).slice(0, props.limit ?? 8);
  if (entries.length === 0) return <span className="muted">no metrics</span>;
  return (
    <dl className="kv">
      {entries.map(([name, value]) => (
        <div key={name} style={{ display: 'contents' }}>
          <dt>{name}</dt>
          <dd className="mono">{formatMetric(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
