import { useEffect } from 'react';
import { useStore } from 'zustand';
import { DataTable } from '../components/data-table.js';
import { JobProgress } from '../components/job-progress.js';
import { EmptyState, ErrorNote, Loading, Pill } from '../components/notices.js';
import { Card, Page } from '../components/page.js';
import { formatDate, formatDuration } from '../format.js';
import { runOutcomeTone } from '../store/scheduler-store.js';
import { useStores } from '../stores-context.js';

export function SchedulerView() {
  const stores = useStores();
  const state = useStore(stores.scheduler);
  useEffect(() => {
    void stores.scheduler.getState().load();
  }, [stores]);
  const jobs = state.jobs.data ?? [];
  const history = state.history.data ?? [];
  return (
    <Page
      name="scheduler"
      title="Scheduler"
      description="Scheduled cycles (retrain, evaluate, monitor), when they run next, and what they did."
      actions={
        <button type="button" className="btn" onClick={() => void state.load()}>
          Refresh
        </button>
      }
    >
      <ErrorNote error={state.jobs.error} title="Could not list scheduled jobs" />
      <ErrorNote error={state.runNowError} title="Run now failed" />
      <Card title="Jobs">
        {jobs.length === 0 ? (
          state.jobs.loading ? (
            <Loading what="jobs" />
          ) : (
            <EmptyState title="No scheduled jobs">
              Add a schedule under <code>scheduler</code> in the config (Settings view).
            </EmptyState>
          )
        ) : (
          <DataTable
            label="Scheduled jobs"
            testId="scheduler-jobs"
            rows={jobs}
            rowKey={(job) => job.name}
            columns={[
              { key: 'name', header: 'Job', render: (job) => <strong>{job.name}</strong> },
              { key: 'cron', header: 'Schedule', render: (job) => <code>{job.cron}</code> },
              {
                key: 'enabled',
                header: 'Enabled',
                render: (job) => (
                  <Pill tone={job.enabled ? 'ok' : 'neutral'}>{job.enabled ? 'on' : 'off'}</Pill>
                ),
              },
              { key: 'next', header: 'Next run', render: (job) => formatDate(job.nextRun) },
              {
                key: 'last',
                header: 'Last run',
                render: (job) =>
                  job.lastRun === null ? (
                    '—'
                  ) : (
                    <span>
                      <Pill tone={runOutcomeTone(job.lastRun.outcome)}>{job.lastRun.outcome}</Pill>{' '}
                      {formatDate(job.lastRun.startedAt)}
                    </span>
                  ),
              },
              {
                key: 'run',
                header: '',
                render: (job) => (
                  <button type="button" className="btn" onClick={() => void state.runNow(job.name)}>
                    Run {job.name} now
                  </button>
                ),
              },
            ]}
          />
        )}
        {Object.entries(state.started).map(([job, jobId]) => (
          <div key={job} style={{ marginTop: 10 }}>
            <JobProgress jobId={jobId} />
          </div>
        ))}
      </Card>
      <Card title="History">
        <ErrorNote error={state.history.error} />
        {history.length === 0 ? (
          <p className="muted">No runs yet.</p>
        ) : (
          <DataTable
            label="Job history"
            testId="scheduler-history"
            rows={history}
            rowKey={(run) => String(run.id)}
            columns={[
              { key: 'job', header: 'Job', render: (run) => run.job },
              { key: 'trigger', header: 'Trigger', render: (run) => run.trigger },
              { key: 'started', header: 'Started', render: (run) => formatDate(run.startedAt) },
              {
                key: 'duration',
                header: 'Took',
                numeric: true,
                render: (run) => formatDuration(run.durationMs === null ? null : run.durationMs / 1000),
              },
              {
                key: 'outcome',
                header: 'Outcome',
                render: (run) => <Pill tone={runOutcomeTone(run.outcome)}>{run.outcome}</Pill>,
              },
              {
                key: 'detail',
                header: 'Detail',
                render: (run) =>
                  run.error === null ? (
                    ''
                  ) : (
                    <span className="small">
                      <code>{run.error.code}</code> {run.error.message}
                    </span>
                  ),
              },
            ]}
          />
        )}
      </Card>
    </Page>
  );
}
