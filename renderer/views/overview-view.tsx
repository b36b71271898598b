import { useEffect } from 'react';
import { useStore } from 'zustand';
import { describePairsNeeded, morePairsNeeded } from '../../main/contract/shadow-pairs.js';
import { JobProgress } from '../components/job-progress.js';
import { MetricsList } from '../components/metrics-list.js';
import { ModelPicker, useModelChoice } from '../components/model-picker.js';
import { EmptyState, ErrorNote, Loading, Pill, ProgressBar } from '../components/notices.js';
import { Card, KeyValues, Page } from '../components/page.js';
import { formatDate } from '../format.js';
import { routeHref } from '../router.js';
import { severityTone } from '../store/alerts-store.js';
import { runOutcomeTone } from '../store/scheduler-store.js';
import { serviceTone } from '../store/services-store.js';
import { useStores } from '../stores-context.js';
import { PerformanceOverTimeCard } from './performance-over-time-card.js';

export function OverviewView() {
  const stores = useStores();
  const { overview } = useStore(stores.overview);
  const { model: chosen, ready } = useModelChoice();
  useEffect(() => {
    void stores.overview.getState().load();
  }, [stores]);
  const data = overview.data;
  // The overview answers for every model; the card shown is the chosen model's.
  const shown = data?.models.filter((m) => chosen === undefined || m.model === chosen) ?? [];
  const others = (data?.models.length ?? 0) - shown.length;
  return (
    <Page
      name="overview"
      title="Overview"
      description="Champion, challengers and shadow tests per model, the last scheduled cycle, open alerts and service health."
      actions={
        <>
          <ModelPicker />
          <button
            type="button"
            className="btn"
            onClick={() => {
              void stores.overview.getState().load();
              if (chosen !== undefined) void stores.performance.getState().load(chosen);
            }}
          >
            Refresh
          </button>
        </>
      }
    >
      <ErrorNote error={overview.error} title="Could not load the overview" />
      {data === null ? (
        overview.loading ? (
          <Loading what="the overview" />
        ) : null
      ) : (
        <>
          {data.runningJobs.length === 0 ? null : (
            <Card title="Running now">
              <div className="stack">
                {data.runningJobs.map((job) => (
                  <JobProgress key={job.jobId} jobId={job.jobId} cancellable />
                ))}
              </div>
            </Card>
          )}
          {data.models.length === 0 ? (
            <Card>
              <EmptyState
                title="No models yet"
                action={
                  <a className="btn primary" href={routeHref('data')}>
                    Upload a CSV
                  </a>
                }
              >
                Upload a CSV on the Data view, choose the column to predict, then train a first model on the
                Train view.
              </EmptyState>
            </Card>
          ) : (
            shown.map((model) => (
              <Card
                key={model.model}
                title={model.model}
                subtitle={`${model.task ?? 'task unknown'} · target ${model.target ?? '—'}`}
                actions={
                  <a className="btn" href={routeHref('registry', model.model)}>
                    Open in registry
                  </a>
                }
              >
                <div className="grid three">
                  <div>
                    <h3>Champion</h3>
                    {model.champion === null ? (
                      <p className="muted">
                        No champion yet. Train a challenger, then evaluate and promote it on Decisions.
                      </p>
                    ) : (
                      <div className="stack" style={{ gap: 6 }}>
                        <div>
                          <strong>v{model.champion.version}</strong> {model.champion.modelType}{' '}
                          <span className="muted small">since {formatDate(model.champion.since)}</span>
                        </div>
                        <MetricsList metrics={model.champion.metrics} limit={5} />
                      </div>
                    )}
                  </div>
                  <div>
                    <h3>Challengers</h3>
                    {model.challengers.length === 0 ? (
                      <p className="muted">None waiting.</p>
                    ) : (
                      <ul style={{ paddingLeft: 18, margin: '6px 0' }}>
                        {model.challengers.map((challenger) => (
                          <li key={challenger.version}>
                            v{challenger.version} {challenger.modelType}{' '}
                            <span className="muted small">{formatDate(challenger.createdAt)}</span>
                          </li>
                        ))}
                      </ul>
                    )}
                  </div>
                  <div>
                    <h3>Shadow tests</h3>
                    {model.shadowTests.length === 0 ? (
                      <p className="muted">None running.</p>
                    ) : (
                      model.shadowTests.map((test) => (
                        <div key={test.id} className="stack" style={{ gap: 4, marginTop: 6 }}>
                          <a href={routeHref('shadow', test.id)}>
                            Test {test.id}: v{test.challengerVersion} vs v{test.championVersion}
                          </a>
                          <ProgressBar
                            current={test.report?.labelledPairs ?? 0}
                            total={
                              (test.report?.labelledPairs ?? 0) +
                              (test.report === null ? test.minSamples : (morePairsNeeded(test.report) ?? 0))
                            }
                            label={`Labelled pairs (${test.status})`}
                            detail={test.report === null ? undefined : describePairsNeeded(test.report)}
                          />
                        </div>
                      ))
                    )}
                  </div>
                </div>
              </Card>
            ))
          )}
          {chosen === undefined || data.models.length === 0 ? null : (
            <PerformanceOverTimeCard model={chosen} ready={ready} />
          )}
          {others > 0 ? (
            <p className="muted small" data-testid="overview-other-models">
              {others === 1 ? '1 other model is' : `${others} other models are`} registered in this workspace;
              choose one with the Model selector above.
            </p>
          ) : null}
          <div className="grid three">
            <Card title="Last cycle">
              {data.lastCycle === null ? (
                <p className="muted">No scheduled cycle has run yet. Run one now on the Scheduler view.</p>
              ) : (
                <KeyValues
                  items={[
                    ['Job', data.lastCycle.job],
                    [
                      'Outcome',
                      <Pill key="o" tone={runOutcomeTone(data.lastCycle.outcome)}>
                        {data.lastCycle.outcome}
                      </Pill>,
                    ],
                    ['Started', formatDate(data.lastCycle.startedAt)],
                    ['Trigger', data.lastCycle.trigger],
                  ]}
                />
              )}
            </Card>
            <Card title="Open alerts" actions={<a href={routeHref('alerts')}>All alerts</a>}>
              {data.openAlerts.length === 0 ? (
                <p className="muted">Nothing open.</p>
              ) : (
                <ul style={{ paddingLeft: 0, listStyle: 'none', margin: 0 }} className="stack">
                  {data.openAlerts.slice(0, 5).map((alert) => (
                    <li key={alert.id}>
                      <Pill tone={severityTone(alert.severity)}>{alert.severity}</Pill> {alert.title}
                    </li>
                  ))}
                </ul>
              )}
            </Card>
            <Card title="Services" actions={<a href={routeHref('services')}>Manage</a>}>
              {data.services.length === 0 ? (
                <p className="muted">No model service is running. Start the champion on the Services view.</p>
              ) : (
                <ul style={{ paddingLeft: 0, listStyle: 'none', margin: 0 }} className="stack">
                  {data.services.map((service) => (
                    <li key={service.serviceId}>
                      <Pill tone={serviceTone(service)}>{service.state}</Pill> {service.serviceId} (
                      {service.role}, {service.runtime})
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </div>
          <p className="muted small">
            Environment {data.environment} · workspace <code>{data.workspace}</code>
          </p>
        </>
      )}
    </Page>
  );
}
