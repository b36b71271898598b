import { useStore } from 'zustand';
import { ErrorNote, Loading } from '../components/notices.js';
import { Card } from '../components/page.js';
import { formatNumber } from '../format.js';
import { useStores } from '../stores-context.js';

/**
 * Which drifted column moves the champion's estimated performance: the label-free estimate
 * (Direct Loss Estimation or CBPE) on the checked dataset, then again with each column reset to
 * its training distribution.
 */
export function PerformanceAttribution(props: { datasetId: string | null; model: string | undefined }) {
  const stores = useStores();
  const state = useStore(stores.estimate);
  const estimate = state.estimate.data;
  const { datasetId } = props;
  return (
    <Card
      title="Estimated performance and attribution"
      subtitle="Without labels: each column reset to its training distribution, the performance estimated again."
      testId="performance-attribution"
      actions={
        <button
          type="button"
          className="btn"
          disabled={datasetId === null || state.estimate.loading}
          onClick={() => datasetId !== null && void state.attribute(datasetId, props.model)}
        >
          Estimate and attribute
        </button>
      }
    >
      <ErrorNote error={state.estimate.error} title="No estimate" />
      {state.estimate.loading ? <Loading what="the estimate" /> : null}
      {estimate === null ? (
        <p className="muted">
          {datasetId === null
            ? 'Check a stored dataset first.'
            : 'Estimate the performance on the checked dataset.'}
        </p>
      ) : (
        <>
          <table className="data" data-testid="estimate-metrics">
            <thead>
              <tr>
                <th>version</th>
                <th>metric</th>
                <th>estimated</th>
                <th>realised</th>
                <th>reference</th>
              </tr>
            </thead>
            <tbody>
              {estimate.metrics.map((m) => (
                <tr key={`${m.version}-${m.metric}`}>
                  <td>
                    v{m.version} {m.role}
                  </td>
                  <td>
                    {m.metric} ({m.method.toUpperCase()})
                  </td>
                  <td>{formatNumber(m.estimated)}</td>
                  <td>{m.realised === null ? '–' : formatNumber(m.realised)}</td>
                  <td>{m.reference === null ? '–' : formatNumber(m.reference)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="data" data-testid="estimate-attribution">
            <thead>
              <tr>
                <th>column</th>
                <th>change in estimate</th>
                <th>with column reset</th>
              </tr>
            </thead>
            <tbody>
              {(estimate.attribution ?? []).map((a) => (
                <tr key={`${a.version}-${a.column}`}>
                  <td>{a.column}</td>
                  <td>
                    {a.estimatedChange >= 0 ? '+' : ''}
                    {formatNumber(a.estimatedChange)} {a.metric}
                  </td>
                  <td>{formatNumber(a.estimatedWithReference)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Card>
  );
}
