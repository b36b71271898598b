import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { AlertStatus } from '../../main/contract/index.js';
import { DataTable } from '../components/data-table.js';
import { EmptyState, ErrorNote, Loading, Pill } from '../components/notices.js';
import { Card, Page } from '../components/page.js';
import { formatDate } from '../format.js';
import { severityTone } from '../store/alerts-store.js';
import { deliveryTone } from '../store/events-store.js';
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
      <WebhookEventsCard />
    </Page>
  );
}

/** The delivery log: every registry and lifecycle event and how its signed webhook delivery went. */
function WebhookEventsCard() {
  const stores = useStores();
  const state = useStore(stores.events);
  useEffect(() => {
    void stores.events.getState().load();
  }, [stores]);
  const events = state.events.data ?? [];
  return (
    <Card
      title="Webhook events"
      actions={
        <div className="row">
          <button type="button" className="btn" onClick={() => void state.load()}>
            Refresh
          </button>
          <button type="button" className="btn" onClick={() => void state.sendTest()}>
            Send test event
          </button>
        </div>
      }
    >
      <p className="muted small" style={{ marginTop: 0 }}>
        Versions registered, stages moved, promotions, approvals, rollbacks, shadow verdicts and alerts, sent
        as JSON signed with HMAC-SHA256 (header X-Podium-Signature) to events.webhook_url.
      </p>
      <ErrorNote error={state.events.error} title="Could not list events" />
      <ErrorNote error={state.actionError} title="Webhook" />
      {events.length === 0 ? (
        state.events.loading ? (
          <Loading what="events" />
        ) : (
          <EmptyState title="No events yet">
            Registering, promoting or rolling back a version records one.
          </EmptyState>
        )
      ) : (
        <DataTable
          label="Webhook events"
          testId="events-table"
          rows={events}
          rowKey={(event) => String(event.id)}
          columns={[
            { key: 'id', header: '#', numeric: true, render: (e) => e.id },
            { key: 'time', header: 'Time', render: (e) => formatDate(e.createdAt) },
            { key: 'type', header: 'Event', render: (e) => <code>{e.type}</code> },
            { key: 'model', header: 'Model', render: (e) => e.model ?? '—' },
            {
              key: 'delivery',
              header: 'Delivery',
              render: (e) => {
                const delivery = e.deliveries[0];
                if (delivery === undefined) return <span className="muted small">not sent</span>;
                return (
                  <div>
                    <Pill tone={deliveryTone(delivery)}>{delivery.status}</Pill>{' '}
                    <span className="small muted">
                      {delivery.host}, {delivery.attempts} {delivery.attempts === 1 ? 'try' : 'tries'}
                      {delivery.lastStatus !== null ? `, HTTP ${delivery.lastStatus}` : ''}
                      {delivery.status !== 'delivered' && delivery.lastError
                        ? ` — ${delivery.lastError}`
                        : ''}
                    </span>
                  </div>
                );
              },
            },
            {
              key: 'redeliver',
              header: '',
              render: (e) =>
                e.deliveries.some((d) => d.status === 'failed') ? (
                  <button
                    type="button"
                    className="btn"
                    onClick={() => void state.redeliver(e.id)}
                    aria-label={`Redeliver event ${e.id}`}
                  >
                    Redeliver
                  </button>
                ) : null,
            },
          ]}
        />
      )}
    </Card>
  );
}
