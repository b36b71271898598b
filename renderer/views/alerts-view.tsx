import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { AlertStatus } from '../../main/contract/index.js';
import { DataTable } from '../components/data-table.js';
import { EmptyState, ErrorNote, Loading, Pill } from '../components/notices.js';
import { Card, Page } from '../components/page.js';
import { formatDate } from '../format.js';
import { severityTone } from '../store/alerts-store.js';
import { useStores } from '../stores-context.js';

const statuses: (AlertStatus | 'all')[] = ['all', 'open', 'acknowledged', 'resolved'];

export function AlertsView() {
  const stores = useStores();
  const state = useStore(stores.alerts);
  useEffect(() => {
    void stores.alerts.getState().load();
  }, [stores]);
  const alerts = state.alerts.data ?? [];
  return (
    <Page
      name="alerts"
      title="Alerts"
      description="Drift, performance, service and shadow-test alerts. Acknowledge what you have seen."
    >
      <ErrorNote error={state.alerts.error} title="Could not list alerts" />
      <ErrorNote error={state.acknowledgeError} title="Acknowledge failed" />
      <Card
        actions={
          <div className="tabs" role="tablist" aria-label="Alert status" style={{ margin: 0 }}>
            {statuses.map((status) => (
              <button
                key={status}
                type="button"
                role="tab"
                className="tab"
                aria-selected={state.status === status}
                onClick={() => void state.setStatus(status)}
              >
                {status}
              </button>
            ))}
          </div>
        }
        title="Alerts"
      >
        {alerts.length === 0 ? (
          state.alerts.loading ? (
            <Loading what="alerts" />
          ) : (
            <EmptyState title="No alerts">
              Nothing needs attention. Alerts appear here when monitoring finds drift, errors or slow
              services.
            </EmptyState>
          )
        ) : (
          <DataTable
            label="Alerts"
            testId="alerts-table"
            rows={alerts}
            rowKey={(alert) => String(alert.id)}
            columns={[
              {
                key: 'severity',
                header: 'Severity',
                render: (a) => <Pill tone={severityTone(a.severity)}>{a.severity}</Pill>,
              },
              {
                key: 'title',
                header: 'Alert',
                render: (a) => (
                  <div>
                    <strong>{a.title}</strong>
                    <div className="small muted">{a.message}</div>
                  </div>
                ),
              },
              { key: 'model', header: 'Model', render: (a) => a.modelName ?? '—' },
              { key: 'count', header: 'Seen', numeric: true, render: (a) => `${a.count}×` },
              { key: 'last', header: 'Last seen', render: (a) => formatDate(a.lastSeenAt) },
              {
                key: 'status',
                header: 'Status',
                render: (a) => <Pill tone={a.status === 'open' ? 'bad' : 'neutral'}>{a.status}</Pill>,
              },
              {
                key: 'ack',
                header: '',
                render: (a) =>
                  a.status === 'open' ? (
                    <button
                      type="button"
                      className="btn"
                      onClick={() => void state.acknowledge(a.id)}
                      aria-label={`Acknowledge ${a.title}`}
                    >
                      Acknowledge
                    </button>
                  ) : null,
              },
            ]}
          />
        )}
      </Card>
    </Page>
  );
}
