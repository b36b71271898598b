import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { SimpleLineChart } from '../components/charts.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { DataTable } from '../components/data-table.js';
import { JobProgress } from '../components/job-progress.js';
import { ModelPicker, useModelChoice } from '../components/model-picker.js';
import { EmptyState, ErrorNote, Loading, Pill } from '../components/notices.js';
import { Card, Page } from '../components/page.js';
import { formatDate, formatNumber, formatTime } from '../format.js';
import {
  anyRunning,
  failedRequests,
  replayFailureRows,
  replayHeadline,
  replayReportOf,
  serviceTone,
} from '../store/services-store.js';
import { useStores } from '../stores-context.js';

/** What a finished replay did, and why requests failed: one row per route, status and error code. */
function ReplayReportView(props: { jobId: number }) {
  const stores = useStores();
  const report = useStore(stores.jobs, (state) => replayReportOf(state.jobs[props.jobId]));
  if (report === null) return null;
  const rows = replayFailureRows(report);
  const failed = failedRequests(report);
  return (
    <div className="stack" style={{ gap: 8, marginTop: 12 }} data-testid="replay-report">
      <div className="row">
        <Pill tone={failed === 0 ? 'ok' : report.ok === 0 ? 'bad' : 'warn'}>
          {failed === 0 ? 'no failures' : `${failed} requests failed`}
        </Pill>
        <span data-testid="replay-headline">{replayHeadline(report)}</span>
      </div>
      {rows.length === 0 ? null : (
        <DataTable
          label="Why requests failed"
          testId="replay-failures"
          rows={rows}
          rowKey={(row) => row.key}
          columns={[
            { key: 'route', header: 'Route', render: (row) => <code>{row.route}</code> },
            { key: 'status', header: 'Status', render: (row) => row.statusText },
            { key: 'code', header: 'Code', render: (row) => <span className="code">{row.code}</span> },
            { key: 'count', header: 'Requests', numeric: true, render: (row) => formatNumber(row.count) },
            {
              key: 'examples',
              header: 'First examples',
              render: (row) => (
                <ul className="small" style={{ margin: 0, paddingLeft: 16, overflowWrap: 'anywhere' }}>
                  {row.examples.map((example) => (
                    <li key={example}>{example}</li>
                  ))}
                </ul>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}

function ReplayCard(props: { model: string | null }) {
  const stores = useStores();
  const state = useStore(stores.services);
  const datasets = useStore(stores.data, (s) => s.datasets.data);
  const [datasetId, setDatasetId] = useState('');
  const [rate, setRate] = useState(20);
  const [limit, setLimit] = useState(500);
  const [labelColumn, setLabelColumn] = useState('');
  const canReplay = datasetId !== '' && state.pending === null && rate > 0;
  const replay = () =>
    void state.replay({
      datasetId,
      rate,
      limit,
      ...(props.model === null ? {} : { model: props.model }),
      ...(labelColumn.trim() === '' ? {} : { labelColumn: labelColumn.trim() }),
    });
  return (
    <Card
      title="Replay traffic"
      subtitle={`Send a dataset's rows through ${props.model === null ? 'the running gateway' : `the gateway of ${props.model}`} as live traffic; with a label column, shadow tests get labelled pairs.`}
    >
      <form
        className="row"
        style={{ alignItems: 'flex-end' }}
        onSubmit={(event) => {
          event.preventDefault();
          if (canReplay) replay();
        }}
      >
        <label className="field">
          Dataset
          <select
            data-testid="replay-dataset"
            value={datasetId}
            onChange={(event) => setDatasetId(event.target.value)}
          >
            <option value="">Choose…</option>
            {(datasets ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {d.sourceName} ({d.id.slice(0, 8)})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          Rows per second
          <input
            type="number"
            min={1}
            value={rate}
            onChange={(event) => setRate(Number(event.target.value))}
            style={{ width: 110 }}
          />
        </label>
        <label className="field">
          Rows at most
          <input
            type="number"
            min={1}
            value={limit}
            onChange={(event) => setLimit(Number(event.target.value))}
            style={{ width: 110 }}
          />
        </label>
        <label className="field">
          Label column (optional)
          <input
            type="text"
            value={labelColumn}
            onChange={(event) => setLabelColumn(event.target.value)}
            placeholder="the model's target"
          />
        </label>
        <button type="submit" className="btn primary" disabled={!canReplay}>
          Replay traffic
        </button>
      </form>
      {state.replayJobId === null ? null : (
        <div style={{ marginTop: 12 }}>
          <JobProgress jobId={state.replayJobId} cancellable testId="replay-progress" />
          <ReplayReportView jobId={state.replayJobId} />
        </div>
      )}
    </Card>
  );
}

export function ServicesView() {
  const stores = useStores();
  const state = useStore(stores.services);
  const [runtime, setRuntime] = useState<'process' | 'docker'>('process');
  // Empty: serving.port from the workspace's config. Another workspace serving may hold that one.
  const [gatewayPort, setGatewayPort] = useState('');
  const portNumber = gatewayPort.trim() === '' ? undefined : Number(gatewayPort);
  const portValid =
    portNumber === undefined || (Number.isInteger(portNumber) && portNumber >= 1 && portNumber <= 65_535);
  const [confirmStop, setConfirmStop] = useState(false);
  // The model to serve is the one chosen across views: a workspace can hold several.
  const { model: chosen } = useModelChoice();
  const model = chosen ?? null;
  useEffect(() => {
    void stores.services.getState().load();
    if (stores.data.getState().datasets.data === null) void stores.data.getState().loadList();
  }, [stores]);
  useEffect(() => {
    // Metrics and logs of a running service change by the second; poll while the view is open.
    const timer = setInterval(() => void stores.services.getState().refreshSelected(), 5000);
    return () => clearInterval(timer);
  }, [stores]);

  const services = state.overview.data?.services ?? [];
  const gateways = state.overview.data?.gateways ?? [];
  const selected = services.find((s) => s.serviceId === state.selectedId) ?? null;
  const points = (state.metrics.data?.points ?? []).map((p) => ({
    ...p,
    time: Date.parse(p.at),
    errorPercent: p.errorRate === null ? null : p.errorRate * 100,
  }));
  // Requests the service refused (4xx) are the callers' to fix: shown apart, never as errors.
  const refused = points.reduce((total, p) => total + (p.clientErrors ?? 0), 0);

  return (
    <Page
      name="services"
      title="Services"
      description="The champion and shadow model services behind the local gateway: state, runtime, latency, throughput, errors and logs."
      actions={
        <>
          <ModelPicker />
          <label className="field">
            Runtime
            <select
              value={runtime}
              onChange={(event) => setRuntime(event.target.value as 'process' | 'docker')}
            >
              <option value="process">process</option>
              <option value="docker">Docker</option>
            </select>
          </label>
          <label className="field">
            Gateway port
            <input
              data-testid="services-gateway-port"
              type="number"
              min={1}
              max={65535}
              placeholder="serving.port"
              title="Left empty: serving.port from the workspace's config. Pick another when that port is taken (by another workspace's gateway, say)."
              value={gatewayPort}
              onChange={(event) => setGatewayPort(event.target.value)}
            />
          </label>
          <button
            type="button"
            className="btn primary"
            disabled={state.pending !== null || !portValid}
            onClick={() => void state.start(runtime, model ?? undefined, portNumber)}
          >
            {state.pending === 'start' ? 'Starting…' : 'Start services'}
          </button>
          <button
            type="button"
            className="btn danger"
            disabled={state.pending !== null || !(anyRunning(services) || gateways.some((g) => g.running))}
            onClick={() => setConfirmStop(true)}
          >
            Stop services
          </button>
        </>
      }
    >
      <ErrorNote error={state.overview.error} title="Could not read service state" />
      <ErrorNote error={state.actionError} title="The action failed" />
      <ConfirmDialog
        open={confirmStop}
        title="Stop all services?"
        confirmLabel="Stop services"
        danger
        onCancel={() => setConfirmStop(false)}
        onConfirm={() => {
          setConfirmStop(false);
          void state.stop();
        }}
      >
        <p>
          The gateway and every model service started here stop; predictions are refused until they start
          again.
        </p>
      </ConfirmDialog>
      {gateways.length === 0 ? null : (
        <div className="row">
          {gateways.map((g) => (
            <Pill key={g.model} tone={g.running ? 'ok' : 'neutral'}>
              gateway {g.model}: {g.running ? (g.url ?? 'running') : 'stopped'} ({g.runtime})
            </Pill>
          ))}
        </div>
      )}
      <Card title="Model services">
        {services.length === 0 ? (
          state.overview.loading ? (
            <Loading what="services" />
          ) : (
            <EmptyState title="No services running">
              Start services to serve the champion (and any shadow challenger) behind the gateway.
            </EmptyState>
          )
        ) : (
          <DataTable
            label="Model services"
            testId="services-table"
            rows={services}
            rowKey={(s) => s.serviceId}
            selectedKeys={new Set(state.selectedId === null ? [] : [state.selectedId])}
            onRowClick={(s) => void state.select(s.serviceId)}
            columns={[
              { key: 'id', header: 'Service', render: (s) => <strong>{s.serviceId}</strong> },
              {
                key: 'role',
                header: 'Role',
                render: (s) => <Pill tone={s.role === 'champion' ? 'ok' : 'warn'}>{s.role}</Pill>,
              },
              { key: 'runtime', header: 'Runtime', render: (s) => s.runtime },
              { key: 'state', header: 'State', render: (s) => <Pill tone={serviceTone(s)}>{s.state}</Pill> },
              { key: 'url', header: 'URL', render: (s) => (s.url === null ? '—' : <code>{s.url}</code>) },
              { key: 'restarts', header: 'Restarts', numeric: true, render: (s) => s.restarts },
              { key: 'updated', header: 'Updated', render: (s) => formatDate(s.updatedAt) },
              {
                key: 'restart',
                header: '',
                render: (s) => (
                  <button
                    type="button"
                    className="btn"
                    disabled={state.pending !== null}
                    aria-label={`Restart ${s.serviceId}`}
                    onClick={(event) => {
                      event.stopPropagation();
                      void state.restart(s.serviceId);
                    }}
                  >
                    Restart
                  </button>
                ),
              },
            ]}
          />
        )}
      </Card>
      <ReplayCard model={model} />
      {selected === null ? null : (
        <>
          <ErrorNote error={state.metrics.error} title="Could not read metrics" />
          {points.length === 0 ? (
            <Card title={`Metrics: ${selected.serviceId}`}>
              <EmptyState title="No samples in the last hour">
                Latency, throughput and errors are sampled while the service runs; start the services and
                replay traffic to see them here.
              </EmptyState>
            </Card>
          ) : (
            <div className="grid three">
              <Card title="Latency (ms)">
                <SimpleLineChart
                  testId="service-latency-chart"
                  label="Latency"
                  data={points}
                  xKey="time"
                  xFormatter={formatTime}
                  lines={[
                    { key: 'p50Ms', name: 'p50' },
                    { key: 'p95Ms', name: 'p95' },
                    { key: 'p99Ms', name: 'p99' },
                  ]}
                  height={200}
                />
              </Card>
              <Card title="Throughput (requests/s)">
                <SimpleLineChart
                  testId="service-throughput-chart"
                  label="Throughput"
                  data={points}
                  xKey="time"
                  xFormatter={formatTime}
                  lines={[{ key: 'throughput', name: 'requests/s' }]}
                  height={200}
                />
              </Card>
              <Card
                title="Server errors (5xx, %)"
                subtitle={`${formatNumber(refused)} request${refused === 1 ? '' : 's'} refused as invalid (4xx) in this window, not counted as errors`}
              >
                <SimpleLineChart
                  testId="service-errors-chart"
                  label="Server error rate"
                  data={points}
                  xKey="time"
                  xFormatter={formatTime}
                  lines={[{ key: 'errorPercent', name: '5xx %', colour: '#c8392b' }]}
                  height={200}
                />
              </Card>
            </div>
          )}
          <Card title={`Log tail: ${selected.serviceId}`} subtitle={state.logs.data?.file ?? undefined}>
            <ErrorNote error={state.logs.error} title="Could not read the log" />
            <pre className="log" data-testid="service-log">
              {(state.logs.data?.lines ?? []).join('\n') || 'No log lines yet.'}
            </pre>
          </Card>
        </>
      )}
    </Page>
  );
}
