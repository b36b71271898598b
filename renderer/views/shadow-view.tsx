import { useEffect, useState } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useStore } from 'zustand';
import { describePairsNeeded } from '../../main/contract/shadow-pairs.js';
import {
  axisProps,
  ChartFrame,
  challengerColour,
  championColour,
  SimpleLineChart,
} from '../components/charts.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { DataTable } from '../components/data-table.js';
import { ModelPicker, useModelChoice } from '../components/model-picker.js';
import { EmptyState, ErrorNote, Loading, Pill, ProgressBar } from '../components/notices.js';
import { Card, Page, Stat } from '../components/page.js';
import { formatDate, formatDuration, formatNumber, formatPercent, formatTime } from '../format.js';
import { routeHref } from '../router.js';
import {
  chartDomain,
  chartPoints,
  evidenceTests,
  samplesProgress,
  shadowTask,
} from '../store/shadow-store.js';
import { useStores } from '../stores-context.js';

function verdictTone(verdict: string) {
  return verdict === 'promote'
    ? 'ok'
    : verdict === 'reject'
      ? 'bad'
      : verdict === 'inconclusive'
        ? 'warn'
        : 'info';
}

export function ShadowView(props: { testId: string | null }) {
  const stores = useStores();
  const state = useStore(stores.shadow);
  const { model, ready } = useModelChoice();
  const [confirm, setConfirm] = useState<'stop' | 'complete' | null>(null);
  useEffect(() => {
    if (ready) void stores.shadow.getState().load(model);
  }, [stores, ready, model]);
  useEffect(() => {
    const id = props.testId === null ? Number.NaN : Number(props.testId);
    if (Number.isInteger(id)) void stores.shadow.getState().select(id);
  }, [stores, props.testId]);

  const tests = state.tests.data ?? [];
  const view = state.status.data;
  const points = chartPoints(state.series);
  const yDomain = chartDomain(points);
  const report = view?.report;
  const running = view?.test.status === 'running' || view?.test.status === 'pending';
  const task = report === undefined ? 'classification' : shadowTask(report);
  const evidence = report === undefined ? [] : evidenceTests(report.tests);

  return (
    <Page
      name="shadow"
      title="Shadow tests"
      description="A challenger answers mirrored live traffic beside the champion; labelled pairs decide with an always-valid confidence interval."
      actions={
        <>
          <ModelPicker />
          {view === null ? null : (
            <>
              <button
                type="button"
                className="btn"
                disabled={!running || state.pending !== null}
                onClick={() => setConfirm('stop')}
              >
                Stop shadow test
              </button>
              <button
                type="button"
                className="btn primary"
                disabled={!running || state.pending !== null}
                onClick={() => setConfirm('complete')}
              >
                Complete now
              </button>
            </>
          )}
        </>
      }
    >
      <ErrorNote error={state.tests.error} title="Could not list shadow tests" />
      <ErrorNote error={state.actionError} title="The action failed" />
      {state.completedDecision === null ? null : (
        <div className="notice info" role="status">
          Completed with decision {state.completedDecision.id}: {state.completedDecision.summary}
        </div>
      )}
      <ConfirmDialog
        open={confirm !== null}
        title={confirm === 'stop' ? 'Stop this shadow test?' : 'Complete this shadow test now?'}
        confirmLabel={confirm === 'stop' ? 'Stop shadow test' : 'Complete now'}
        danger={confirm === 'stop'}
        reasonLabel={confirm === 'stop' ? 'Reason' : undefined}
        onCancel={() => setConfirm(null)}
        onConfirm={(reason) => {
          const action = confirm;
          setConfirm(null);
          if (action === 'stop') void state.stop(reason);
          if (action === 'complete') void state.complete();
        }}
      >
        <p>
          {confirm === 'stop'
            ? 'Mirroring ends and no decision is made; the challenger stays a challenger.'
            : 'A decision is stored from the evidence gathered so far.'}
        </p>
      </ConfirmDialog>
      {tests.length === 0 ? (
        state.tests.loading ? (
          <Loading what="shadow tests" />
        ) : (
          <Card>
            <EmptyState
              title="No shadow tests"
              action={
                <a className="btn primary" href={routeHref('decisions')}>
                  Go to Decisions
                </a>
              }
            >
              Start one from a decision: the challenger then answers mirrored traffic beside the champion.
            </EmptyState>
          </Card>
        )
      ) : (
        <>
          {report === undefined || view === null ? (
            state.status.loading ? (
              <Loading what="the test" />
            ) : (
              <ErrorNote error={state.status.error} />
            )
          ) : (
            <>
              <ErrorNote error={state.status.error} title="Refresh failed (showing the last values)" />
              <div className="grid four">
                <Stat
                  label="Verdict so far"
                  value={<Pill tone={verdictTone(report.verdictSoFar)}>{report.verdictSoFar}</Pill>}
                  hint={`Test ${view.test.id}: v${view.test.challengerVersion} vs champion v${view.test.championVersion}`}
                />
                {task === 'classification' ? (
                  <Stat
                    label="Agreement rate"
                    value={formatPercent(report.agreementRate)}
                    hint={`${formatNumber(report.mirroredRequests)} mirrored requests`}
                    testId="shadow-agreement"
                  />
                ) : (
                  <Stat
                    label={`${report.metric} on labelled pairs (champion / challenger)`}
                    value={`${formatNumber(report.championValue, 3)} / ${formatNumber(report.challengerValue, 3)}`}
                    hint={`${formatNumber(report.mirroredRequests)} mirrored requests`}
                    testId="shadow-agreement"
                  />
                )}
                <Stat
                  label="Latency p50 (champion / challenger)"
                  value={`${formatNumber(report.latencyMsP50.champion, 3)} / ${formatNumber(report.latencyMsP50.challenger, 3)} ms`}
                />
                {running ? (
                  <Stat
                    label="Time left"
                    value={formatDuration(view.secondsLeft)}
                    hint={`${formatDuration(report.elapsedDays * 86_400)} of ${formatNumber(report.durationDays)} days run`}
                  />
                ) : (
                  <Stat
                    label="Ended"
                    value={view.test.status}
                    hint={`${formatDate(view.test.endedAt)}, after ${formatDuration(report.elapsedDays * 86_400)}`}
                  />
                )}
              </div>
              <Card
                title={`${report.metric}: challenger against champion`}
                subtitle={
                  task === 'classification'
                    ? 'Mean of error(champion) − error(challenger) per labelled pair (1 when a model is wrong) with its always-valid confidence band; above zero favours the challenger.'
                    : 'Mean of |error(champion)| − |error(challenger)| per labelled pair with its always-valid confidence band; above zero favours the challenger.'
                }
              >
                <div className="stack">
                  <ProgressBar
                    {...samplesProgress(view)}
                    label="Labelled pairs in versus needed"
                    detail={`${formatNumber(view.samples.labelled)} in, ${describePairsNeeded(report)}`}
                    testId="shadow-samples"
                  />
                  {points.length === 0 ? (
                    <div data-testid="shadow-chart" className="empty">
                      <strong>No paired traffic yet</strong>
                      Start the services and replay traffic on the Services view; points appear as labelled
                      pairs arrive.
                    </div>
                  ) : (
                    <div data-testid="shadow-chart-scale" data-y-domain={yDomain?.join(',') ?? 'auto'}>
                      <ChartFrame
                        testId="shadow-chart"
                        label="Difference with confidence band over time"
                        height={280}
                      >
                        <ComposedChart data={points} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
                          <CartesianGrid stroke="#edf0f5" />
                          <XAxis
                            dataKey="time"
                            type="number"
                            domain={['dataMin', 'dataMax']}
                            {...axisProps}
                            tickFormatter={formatTime}
                          />
                          <YAxis
                            {...axisProps}
                            width={64}
                            tickFormatter={(v: number) => formatNumber(v, 3)}
                            domain={yDomain ?? ['auto', 'auto']}
                            allowDataOverflow={yDomain !== null}
                          />
                          <Tooltip
                            labelFormatter={(v) => (typeof v === 'number' ? formatTime(v) : String(v))}
                            formatter={(value) =>
                              Array.isArray(value)
                                ? value.map((v) => formatNumber(Number(v))).join(' … ')
                                : typeof value === 'number'
                                  ? formatNumber(value)
                                  : String(value)
                            }
                          />
                          <Legend wrapperStyle={{ fontSize: 12 }} />
                          <ReferenceLine y={0} stroke="#8a94a6" />
                          <Area
                            dataKey="band"
                            name="confidence band"
                            stroke="none"
                            fill={challengerColour}
                            fillOpacity={0.2}
                            isAnimationActive={false}
                            connectNulls
                          />
                          <Line
                            dataKey="difference"
                            name="mean difference"
                            stroke={challengerColour}
                            strokeWidth={2}
                            dot={false}
                            isAnimationActive={false}
                            connectNulls
                          />
                        </ComposedChart>
                      </ChartFrame>
                    </div>
                  )}
                  {evidence.length === 0 && task === 'classification' && report.labelledPairs > 0 ? (
                    <p className="small muted" style={{ margin: 0 }}>
                      No discordant pairs yet: on every labelled request both models were right or both wrong,
                      so McNemar's test has nothing to weigh.
                    </p>
                  ) : null}
                  {evidence.length === 0 ? null : (
                    <ul className="small muted" data-testid="shadow-tests-run" style={{ margin: 0 }}>
                      {evidence.map((line) => (
                        <li key={line}>{line}</li>
                      ))}
                    </ul>
                  )}
                </div>
              </Card>
              <div className="grid two">
                {task === 'classification' ? (
                  <Card
                    title="Agreement rate over time"
                    subtitle="Share of mirrored requests both models answered with the same class."
                  >
                    <SimpleLineChart
                      testId="shadow-agreement-chart"
                      label="Agreement rate over time"
                      data={points}
                      xKey="time"
                      xFormatter={formatTime}
                      yDomain={[0, 1]}
                      yFormatter={(v) => formatPercent(v, 0)}
                      lines={[{ key: 'agreement', name: 'agreement', colour: championColour }]}
                    />
                  </Card>
                ) : (
                  <Card
                    title="Traffic over time"
                    subtitle="Requests mirrored to the challenger and those whose label has arrived."
                  >
                    <SimpleLineChart
                      testId="shadow-traffic-chart"
                      label="Mirrored requests and labelled pairs over time"
                      data={points}
                      xKey="time"
                      xFormatter={formatTime}
                      lines={[
                        { key: 'mirroredRequests', name: 'mirrored requests', colour: championColour },
                        {
                          key: 'labelledPairs',
                          name: 'labelled pairs',
                          colour: challengerColour,
                          dashed: true,
                        },
                      ]}
                    />
                  </Card>
                )}
                <Card title="Latency p50 over time (ms)">
                  <SimpleLineChart
                    testId="shadow-latency-chart"
                    label="Latency over time"
                    data={points}
                    xKey="time"
                    xFormatter={formatTime}
                    lines={[
                      { key: 'championLatency', name: 'champion', colour: championColour },
                      { key: 'challengerLatency', name: 'challenger', colour: challengerColour },
                    ]}
                  />
                </Card>
              </div>
            </>
          )}
          <Card title="All shadow tests">
            <DataTable
              label="Shadow tests"
              testId="shadow-table"
              rows={tests}
              rowKey={(t) => String(t.id)}
              selectedKeys={new Set(state.selectedId === null ? [] : [String(state.selectedId)])}
              onRowClick={(t) => void state.select(t.id)}
              columns={[
                { key: 'id', header: '#', render: (t) => t.id },
                { key: 'model', header: 'Model', render: (t) => t.modelName },
                {
                  key: 'versions',
                  header: 'Challenger / champion',
                  render: (t) => `v${t.challengerVersion} / v${t.championVersion}`,
                },
                {
                  key: 'status',
                  header: 'Status',
                  render: (t) => <Pill tone={t.status === 'running' ? 'info' : 'neutral'}>{t.status}</Pill>,
                },
                {
                  key: 'pairs',
                  header: 'Labelled pairs',
                  numeric: true,
                  render: (t) =>
                    t.report === null
                      ? '—'
                      : `${formatNumber(t.report.labelledPairs)} in, ${describePairsNeeded(t.report)}`,
                },
                { key: 'started', header: 'Started', render: (t) => formatDate(t.startedAt) },
              ]}
            />
          </Card>
        </>
      )}
    </Page>
  );
}
