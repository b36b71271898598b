import { useEffect } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { useStore } from 'zustand';
import { axisProps, ChartFrame, chartColours } from '../components/charts.js';
import { EmptyState, ErrorNote, Loading, Pill } from '../components/notices.js';
import { Card } from '../components/page.js';
import { formatCount, formatDate, formatNumber } from '../format.js';
import {
  chooseMetric,
  daysPerWindow,
  estimationNote,
  hasTraffic,
  latestReadings,
  metricChoices,
  type PerformanceLine,
  type PerformanceWindow,
  performanceSeries,
  type WindowReading,
} from '../store/performance-store.js';
import { useStores } from '../stores-context.js';

/** Windows listed in the table under the chart: enough to read the latest trend without scrolling far. */
const TABLE_WINDOWS = 5;

const flaggedColour = '#c8392b';

function formatWindow(ms: number, window: PerformanceWindow): string {
  const date = new Date(ms);
  return window === 'day'
    ? date.toLocaleDateString('en-GB', { day: '2-digit', month: 'short', timeZone: 'UTC' })
    : date.toLocaleString('en-GB', {
        day: '2-digit',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: 'UTC',
      });
}

/** What a point says on hover and to a screen reader: version, kind, value and the window's flags. */
function pointTitle(
  reading: WindowReading | undefined,
  line: PerformanceLine,
  metric: string,
  value: number,
) {
  const base = `${line.name} ${metric} ${formatNumber(value, 4)}`;
  if (reading === undefined) return base;
  const counts = `${formatCount(reading.requests, 'request')}, ${reading.labelled} labelled`;
  const flags = line.kind === 'estimated' && reading.flags.length > 0 ? ` — ${reading.flags.join(' ')}` : '';
  return `${base} · ${formatDate(reading.windowStart)} UTC window · ${counts}${flags}`;
}

/**
 * The chosen model's performance per window: each version's realised metric from labelled
 * feedback (solid) beside its label-free estimate (dashed), from `monitoring.report`.
 */
export function PerformanceOverTimeCard(props: { model: string | undefined; ready: boolean }) {
  const stores = useStores();
  const state = useStore(stores.performance);
  const { model, ready } = props;
  useEffect(() => {
    if (ready && model !== undefined) void stores.performance.getState().load(model);
  }, [stores, ready, model]);

  const report = state.report.data?.model === model ? state.report.data : null;
  const metric = report === null ? null : chooseMetric(report, state.metric);
  const choices = report === null ? [] : metricChoices(report);
  const series = report === null || metric === null ? null : performanceSeries(report, metric);
  const note = report === null ? null : estimationNote(report);
  const byKey = new Map(series?.readings.map((r) => [`${r.version}@${r.atMs}`, r]) ?? []);

  const controls = (
    <>
      <label className="field">
        Metric
        <select
          data-testid="performance-metric"
          value={metric ?? ''}
          disabled={choices.length === 0}
          onChange={(event) => stores.performance.getState().setMetric(event.target.value)}
        >
          {choices.length === 0 ? <option value="">—</option> : null}
          {choices.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        Window
        <select
          data-testid="performance-window"
          value={state.window}
          onChange={(event) =>
            void stores.performance.getState().setWindow(event.target.value as PerformanceWindow, model)
          }
        >
          <option value="hour">hour (last {daysPerWindow.hour} days)</option>
          <option value="day">day (last {daysPerWindow.day} days)</option>
        </select>
      </label>
    </>
  );

  return (
    <Card
      title="Performance over time"
      subtitle="Realised metrics from labelled feedback (solid) and label-free estimates (dashed), per UTC window"
      actions={controls}
      testId="performance-card"
    >
      <ErrorNote error={state.report.error} title="Could not load the performance report" />
      {report === null ? (
        state.report.loading ? (
          <Loading what="the performance report" />
        ) : null
      ) : !hasTraffic(report) || series === null || series.lines.length === 0 ? (
        <EmptyState title="No live performance yet">
          {hasTraffic(report)
            ? 'Requests were answered, but no metric could be measured or estimated yet. Send feedback (the true values) for the logged requests, or keep traffic flowing until a window can be estimated.'
            : `Serve the model (Services view) and send it traffic, then send feedback with the true values: realised metrics need labels, estimates only need requests. Nothing answered in the last ${daysPerWindow[state.window]} days.`}
        </EmptyState>
      ) : (
        <div className="stack">
          <ChartFrame testId="performance-chart" label={`${metric} per ${report.window} window`} height={260}>
            <LineChart data={series.rows} margin={{ top: 8, right: 16, bottom: 4, left: 4 }}>
              <CartesianGrid stroke="#edf0f5" />
              <XAxis
                dataKey="atMs"
                {...axisProps}
                type="number"
                domain={['dataMin', 'dataMax']}
                scale="time"
                tickFormatter={(value: number) => formatWindow(value, report.window)}
              />
              <YAxis
                {...axisProps}
                width={64}
                domain={['auto', 'auto']}
                tickFormatter={(value: number) => formatNumber(value, 3)}
              />
              <Tooltip
                formatter={(value) => (typeof value === 'number' ? formatNumber(value, 4) : String(value))}
                labelFormatter={(value) =>
                  typeof value === 'number' ? `${formatWindow(value, report.window)} UTC` : String(value)
                }
              />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {series.lines.map((line) => {
                const colour = chartColours[line.colourIndex % chartColours.length];
                return (
                  <Line
                    key={line.key}
                    dataKey={line.key}
                    name={line.name}
                    legendType="plainline"
                    stroke={colour}
                    strokeWidth={2}
                    strokeDasharray={line.dashed ? '5 4' : undefined}
                    isAnimationActive={false}
                    connectNulls
                    dot={(dot: {
                      cx?: number;
                      cy?: number;
                      index?: number;
                      value?: unknown;
                      payload?: unknown;
                    }) => {
                      const row = dot.payload as { atMs: number } | undefined;
                      const reading =
                        row === undefined ? undefined : byKey.get(`${line.version}@${row.atMs}`);
                      const value = typeof dot.value === 'number' ? dot.value : null;
                      const key = `${line.key}-${dot.index}`;
                      if (dot.cx === undefined || dot.cy === undefined || value === null)
                        return <g key={key} />;
                      const flagged = line.kind === 'estimated' && (reading?.flags.length ?? 0) > 0;
                      return (
                        <g key={key} data-flagged={flagged ? 'true' : undefined}>
                          <title>{pointTitle(reading, line, metric ?? '', value)}</title>
                          <circle
                            cx={dot.cx}
                            cy={dot.cy}
                            r={flagged ? 5 : 3}
                            fill={flagged ? '#fff' : colour}
                            stroke={flagged ? flaggedColour : colour}
                            strokeWidth={flagged ? 2 : 1}
                          />
                        </g>
                      );
                    }}
                  />
                );
              })}
            </LineChart>
          </ChartFrame>
          <p className="muted small">
            Hollow red points: the report flags that window's estimate (too few requests, or another reason in
            its title), so read it as a rough hint.
          </p>
          <table className="data" data-testid="performance-table">
            <caption className="muted small" style={{ textAlign: 'left' }}>
              Latest {TABLE_WINDOWS} windows ({metric})
            </caption>
            <thead>
              <tr>
                <th>window (UTC)</th>
                <th>version</th>
                <th className="num">requests</th>
                <th className="num">labelled</th>
                <th className="num">realised</th>
                <th className="num">estimated</th>
                <th>flags</th>
              </tr>
            </thead>
            <tbody>
              {latestReadings(series.readings, TABLE_WINDOWS).map((reading) => (
                <tr key={`${reading.version}@${reading.windowStart}`}>
                  <td>{formatWindow(reading.atMs, report.window)}</td>
                  <td>
                    v{reading.version} {reading.role ?? ''}
                  </td>
                  <td className="num">{reading.requests}</td>
                  <td className="num">{reading.labelled}</td>
                  <td className="num">{formatNumber(reading.realised, 4)}</td>
                  <td className="num">{formatNumber(reading.estimated, 4)}</td>
                  <td>
                    {reading.flags.length === 0 ? null : (
                      <Pill tone="warn" title={reading.flags.join(' ')}>
                        {reading.flags.length === 1 ? 'flagged' : `${reading.flags.length} flags`}
                      </Pill>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {report === null || !hasTraffic(report) ? null : (
        <div className="muted small" data-testid="performance-estimation-note" style={{ marginTop: 8 }}>
          {note === null ? (
            <p>
              No label-free estimate for this model: it needs a champion and logged requests (CBPE for
              classifiers, direct loss estimation for regressions).
            </p>
          ) : (
            <>
              <p>
                Estimates: <strong>{note.method}</strong>. They assume covariate shift only — the inputs move,
                but the relation between inputs and target stays as in training; concept drift shows only in
                the realised line, once labels arrive.
              </p>
              <ul style={{ margin: '4px 0', paddingLeft: 18 }}>
                {note.assumptions.map((assumption) => (
                  <li key={assumption}>{assumption}</li>
                ))}
                {note.missing.map((reason) => (
                  <li key={reason}>{reason}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </Card>
  );
}
