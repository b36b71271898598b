import { type ReactNode, useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { MetricHistory, Run, TrainingResult } from '../../main/contract/index.js';
import { SimpleLineChart } from '../components/charts.js';
import { DataTable } from '../components/data-table.js';
import { JobProgress } from '../components/job-progress.js';
import { MetricsList } from '../components/metrics-list.js';
import { EmptyState, ErrorNote, Loading, Pill } from '../components/notices.js';
import { Card, KeyValues, Page } from '../components/page.js';
import { formatDate, formatMetric, formatNumber, shortId } from '../format.js';
import { routeHref } from '../router.js';
import { targetCandidates } from '../store/data-store.js';
import {
  bestRunIds,
  comparisonMetricOrder,
  lowerIsBetter,
  metricColumns,
  type RunSortKey,
  visibleRuns,
} from '../store/runs-store.js';
import { useStores } from '../stores-context.js';
import { CandidatesTable } from './candidates-table.js';

function statusTone(status: Run['status']) {
  return status === 'finished'
    ? 'ok'
    : status === 'running'
      ? 'info'
      : status === 'failed'
        ? 'bad'
        : 'neutral';
}

function HistoryChart(props: { history: MetricHistory; testId: string }) {
  const keys = Object.keys(props.history).filter((key) => (props.history[key]?.length ?? 0) > 1);
  if (keys.length === 0) return <p className="muted">This run recorded no per-epoch history.</p>;
  const byStep = new Map<number, Record<string, number>>();
  for (const key of keys) {
    for (const point of props.history[key] ?? []) {
      const row = byStep.get(point.step) ?? { step: point.step };
      row[key] = point.value;
      byStep.set(point.step, row);
    }
  }
  const rows = [...byStep.values()].sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
  return (
    <SimpleLineChart
      testId={props.testId}
      label="Metric history per epoch"
      data={rows}
      xKey="step"
      xLabel="epoch"
      lines={keys.slice(0, 6).map((key) => ({ key, name: key, dashed: key.startsWith('validation') }))}
    />
  );
}

function RunDetailCard() {
  const stores = useStores();
  const detail = useStore(stores.runs, (state) => state.detail);
  if (detail.data === null) {
    return (
      <Card title="Run detail">
        {detail.loading ? (
          <Loading what="the run" />
        ) : (
          <p className="muted">Open a run from the table to see its parameters and metric charts.</p>
        )}
        <ErrorNote error={detail.error} title="Could not load the run" />
      </Card>
    );
  }
  const { run, history, children } = detail.data;
  return (
    <Card
      title={`Run ${run.name}`}
      subtitle={`${run.experimentName} · ${shortId(run.id, 12)}`}
      testId="run-detail"
    >
      <ErrorNote error={detail.error} />
      <div className="grid three">
        <KeyValues
          items={[
            [
              'Status',
              <Pill key="s" tone={statusTone(run.status)}>
                {run.status}
              </Pill>,
            ],
            ['Started', formatDate(run.startedAt)],
            ['Ended', formatDate(run.endedAt)],
            ['Dataset', run.datasetId === null ? '—' : shortId(run.datasetId, 12)],
            ['Child runs', String(children.length)],
          ]}
        />
        <div>
          <h3>Parameters</h3>
          <KeyValues items={Object.entries(run.params).slice(0, 12)} />
        </div>
        <div>
          <h3>Metrics</h3>
          <MetricsList metrics={run.metrics} limit={12} />
        </div>
      </div>
      {run.error === null ? null : <div className="notice error">{run.error}</div>}
      <HistoryChart history={history} testId="run-history-chart" />
    </Card>
  );
}

/** One row per key (a metric, a parameter), one column per run. */
function SideBySide(props: {
  label: string;
  testId?: string;
  keyHeader: string;
  keys: string[];
  runs: Run[];
  numeric?: boolean;
  render: (run: Run, key: string) => ReactNode;
}) {
  return (
    <DataTable
      label={props.label}
      testId={props.testId}
      rows={props.keys}
      rowKey={(key) => key}
      columns={[
        { key: 'key', header: props.keyHeader, render: (key) => <span className="mono">{key}</span> },
        ...props.runs.map((run) => ({
          key: run.id,
          // Runs of one config share a name: the short id tells the columns apart.
          header: `${run.name} · ${shortId(run.id, 6)}`,
          numeric: props.numeric,
          render: (key: string) => props.render(run, key),
        })),
      ]}
    />
  );
}

function ComparisonCard() {
  const stores = useStores();
  const comparison = useStore(stores.runs, (state) => state.comparison);
  const [metric, setMetric] = useState<string | null>(null);
  if (comparison.data === null)
    return comparison.error === null ? null : <ErrorNote error={comparison.error} title="Cannot compare" />;
  const { runs, paramKeys, metricKeys, histories } = comparison.data;
  // By default a metric some run has an epoch history of, a loss first.
  const withHistory = metricKeys.filter((key) =>
    runs.some((run) => (histories[run.id]?.[key]?.length ?? 0) > 0),
  );
  const chartMetric =
    metric ?? withHistory.find((key) => key.includes('loss')) ?? withHistory[0] ?? metricKeys[0] ?? null;
  const rows = new Map<number, Record<string, number>>();
  if (chartMetric !== null) {
    for (const run of runs) {
      for (const point of histories[run.id]?.[chartMetric] ?? []) {
        const row = rows.get(point.step) ?? { step: point.step };
        row[run.id] = point.value;
        rows.set(point.step, row);
      }
    }
  }
  const history = [...rows.values()].sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
  return (
    <Card title={`${runs.length} runs side by side`} testId="run-comparison">
      <ErrorNote error={comparison.error} />
      {metricKeys.length === 0 ? (
        <p className="muted">These runs recorded no metrics.</p>
      ) : (
        <SideBySide
          label="Metrics of the runs side by side"
          testId="run-comparison-metrics"
          keyHeader="Metric"
          keys={comparisonMetricOrder(metricKeys)}
          runs={runs}
          numeric
          render={(run, key) =>
            bestRunIds(runs, key).has(run.id) ? (
              <strong className="best-value" title={lowerIsBetter(key) ? 'lowest' : 'highest'}>
                ★ {formatMetric(run.metrics[key])}
              </strong>
            ) : (
              formatMetric(run.metrics[key])
            )
          }
        />
      )}
      {paramKeys.length === 0 ? null : (
        <details style={{ marginTop: 12 }} data-testid="run-comparison-params">
          <summary>Parameters ({paramKeys.length})</summary>
          <SideBySide
            label="Parameters of the runs side by side"
            keyHeader="Parameter"
            keys={paramKeys}
            runs={runs}
            render={(run, key) => <span className="wrap-value">{run.params[key] ?? '—'}</span>}
          />
        </details>
      )}
      {chartMetric === null ? null : (
        <div style={{ marginTop: 12 }}>
          <label className="field" style={{ maxWidth: 260 }}>
            Metric over epochs
            <select value={chartMetric} onChange={(event) => setMetric(event.target.value)}>
              {metricKeys.map((key) => (
                <option key={key}>{key}</option>
              ))}
            </select>
          </label>
          {history.length === 0 ? (
            <p className="empty" data-testid="run-comparison-chart">
              No per-epoch history of {chartMetric} in these runs: only models trained by epochs (ecd) record
              one.
            </p>
          ) : (
            <SimpleLineChart
              testId="run-comparison-chart"
              label={`${chartMetric} per epoch for each run`}
              data={history}
              xKey="step"
              xLabel="epoch"
              lines={runs.map((run) => ({ key: run.id, name: run.name }))}
            />
          )}
        </div>
      )}
    </Card>
  );
}

function ModelComparisonCard() {
  const stores = useStores();
  const data = useStore(stores.data);
  const compareJob = useStore(stores.runs, (state) => state.compareJob);
  const job = useStore(stores.jobs, (state) =>
    compareJob.jobId === null ? undefined : state.jobs[compareJob.jobId],
  );
  const [datasetId, setDatasetId] = useState('');
  const [target, setTarget] = useState('');
  const [split, setSplit] = useState<'random' | 'time'>('random');
  useEffect(() => {
    if (datasetId !== '' && stores.data.getState().selectedId !== datasetId)
      void stores.data.getState().select(datasetId);
  }, [stores, datasetId]);
  const profile = data.dataset.data?.id === datasetId ? data.dataset.data.profile : null;
  const result = job?.status === 'succeeded' ? (job.result as TrainingResult) : null;
  return (
    <Card
      title="Model comparison"
      subtitle="Every model type trained on one split, as `podium compare` prints it."
    >
      <div className="row" style={{ alignItems: 'flex-end' }}>
        <label className="field">
          Dataset
          <select value={datasetId} onChange={(event) => setDatasetId(event.target.value)}>
            <option value="">Choose…</option>
            {(data.datasets.data ?? []).map((dataset) => (
              <option key={dataset.id} value={dataset.id}>
                {dataset.sourceName} ({dataset.id.slice(0, 8)})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Target
          <select
            value={target}
            disabled={profile === null}
            onChange={(event) => setTarget(event.target.value)}
          >
            <option value="">Choose…</option>
            {(profile === null ? [] : targetCandidates(profile.columns)).map((column) => (
              <option key={column.name}>{column.name}</option>
            ))}
          </select>
        </label>
        <label className="field">
          Split
          <select value={split} onChange={(event) => setSplit(event.target.value as 'random' | 'time')}>
            <option value="random">random</option>
            <option value="time">time (by date column)</option>
          </select>
        </label>
        <button
          type="button"
          className="btn primary"
          disabled={datasetId === '' || target === '' || compareJob.starting || job?.status === 'running'}
          onClick={() => void stores.runs.getState().compareModels({ datasetId, target, split })}
        >
          Compare model types
        </button>
      </div>
      <ErrorNote error={compareJob.error} title="Comparison did not start" />
      {compareJob.jobId === null ? null : (
        <div className="stack" style={{ marginTop: 12 }}>
          <JobProgress jobId={compareJob.jobId} cancellable />
          {result === null ? null : (
            <CandidatesTable
              candidates={result.candidates}
              primaryMetric={result.primaryMetric}
              testId="models-compare-table"
            />
          )}
        </div>
      )}
    </Card>
  );
}

export function ExperimentsView(props: { runId: string | null }) {
  const stores = useStores();
  const state = useStore(stores.runs);
  useEffect(() => {
    void stores.runs.getState().load();
    if (stores.data.getState().datasets.data === null) void stores.data.getState().loadList();
  }, [stores]);
  useEffect(() => {
    if (props.runId !== null) void stores.runs.getState().open(props.runId);
  }, [stores, props.runId]);

  const runs = state.runs.data ?? [];
  const metrics = metricColumns(runs);
  const visible = visibleRuns(runs, state.sort, state.filter);
  const selected = new Set(state.selected);
  return (
    <Page
      name="experiments"
      title="Experiments"
      description="Every training run with its parameters and metrics. Tick two or more runs to compare them side by side."
      actions={
        <>
          <button
            type="button"
            className="btn"
            disabled={state.selected.length === 0}
            onClick={() => state.clearSelection()}
          >
            Clear selection
          </button>
          <button
            type="button"
            className="btn primary"
            disabled={state.selected.length < 2}
            onClick={() => void state.compare()}
          >
            Compare {state.selected.length >= 2 ? `${state.selected.length} runs` : 'runs'}
          </button>
        </>
      }
    >
      <Card
        title="Runs"
        actions={
          <input
            type="search"
            aria-label="Filter runs"
            placeholder="Filter by name, status, parameter…"
            value={state.filter}
            onChange={(event) => state.setFilter(event.target.value)}
          />
        }
      >
        <ErrorNote error={state.runs.error} title="Could not list runs" />
        {runs.length === 0 ? (
          state.runs.loading ? (
            <Loading what="runs" />
          ) : (
            <EmptyState
              title="No runs yet"
              action={
                <a className="btn primary" href={routeHref('train')}>
                  Train a model
                </a>
              }
            >
              Each training and comparison records a run here.
            </EmptyState>
          )
        ) : (
          <DataTable
            label="Runs"
            testId="runs-table"
            rows={visible}
            rowKey={(run) => run.id}
            sort={state.sort}
            onSort={(key) => state.setSort(key as RunSortKey)}
            selectedKeys={selected}
            columns={[
              {
                key: 'select',
                header: 'Compare',
                render: (run) => (
                  <input
                    type="checkbox"
                    aria-label={`Compare run ${run.name}`}
                    checked={selected.has(run.id)}
                    onChange={() => state.toggleSelected(run.id)}
                  />
                ),
              },
              {
                key: 'name',
                header: 'Run',
                sortable: true,
                render: (run) => <a href={routeHref('experiments', run.id)}>{run.name}</a>,
              },
              {
                key: 'experimentName',
                header: 'Experiment',
                sortable: true,
                render: (run) => run.experimentName,
              },
              {
                key: 'status',
                header: 'Status',
                sortable: true,
                render: (run) => <Pill tone={statusTone(run.status)}>{run.status}</Pill>,
              },
              {
                key: 'startedAt',
                header: 'Started',
                sortable: true,
                render: (run) => formatDate(run.startedAt),
              },
              ...metrics.map((metric) => ({
                key: `metric:${metric}`,
                header: metric,
                numeric: true,
                sortable: true,
                render: (run: Run) => formatNumber(run.metrics[metric]),
              })),
            ]}
          />
        )}
        {runs.length > 0 && visible.length === 0 ? (
          <p className="muted">No run matches “{state.filter}”.</p>
        ) : null}
      </Card>
      <ComparisonCard />
      <RunDetailCard />
      <ModelComparisonCard />
    </Page>
  );
}
