import { useEffect, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import { useStore } from 'zustand';
import { axisProps, ChartFrame, SimpleLineChart } from '../components/charts.js';
import { ModelPicker, useModelChoice } from '../components/model-picker.js';
import { EmptyState, ErrorNote, Loading, Pill } from '../components/notices.js';
import { Card, Page } from '../components/page.js';
import { formatDate, formatNumber, formatPercent } from '../format.js';
import { datasetDriftTone, driftOverTime, driftTone, featureBars } from '../store/drift-store.js';
import { useStores } from '../stores-context.js';
import { DriftChunksHeatmap } from './drift-chunks-heatmap.js';
import { DataQualityCard } from './drift-data-quality-card.js';
import { DriftHistogram } from './drift-histogram.js';
import { MultivariateCard } from './drift-multivariate-card.js';
import { PerformanceAttribution } from './performance-attribution.js';

export function DriftView() {
  const stores = useStores();
  const state = useStore(stores.drift);
  const datasets = useStore(stores.data, (s) => s.datasets.data);
  const [datasetId, setDatasetId] = useState('');
  const { model, ready } = useModelChoice();
  useEffect(() => {
    if (stores.data.getState().datasets.data === null) void stores.data.getState().loadList();
  }, [stores]);
  useEffect(() => {
    if (ready) void stores.drift.getState().load(model);
  }, [stores, ready, model]);

  const stored = state.report.data;
  const report = stored?.report ?? null;
  const bars = report === null ? [] : featureBars(report.features);
  const feature = report?.features.find((f) => f.name === state.selectedFeature) ?? null;
  const history = driftOverTime(state.history.data ?? []);

  return (
    <Page
      name="drift"
      title="Drift"
      description="How far current data has moved from the champion's training data, feature by feature."
      actions={
        <>
          <ModelPicker />
          <label className="field">
            Check a dataset
            <select
              data-testid="drift-dataset"
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
          <button
            type="button"
            className="btn primary"
            disabled={datasetId === '' || state.report.loading || !ready}
            onClick={() => void state.check(datasetId, model)}
          >
            Check drift
          </button>
        </>
      }
    >
      <ErrorNote error={state.report.error} title="No drift report" />
      {stored === null ? (
        state.report.loading ? (
          <Loading what="the drift report" />
        ) : (
          <Card>
            <EmptyState title="No drift report yet">
              Pick a dataset above and check it against the champion's training data, or let the scheduled
              monitor run.
            </EmptyState>
          </Card>
        )
      ) : (
        <>
          <Card
            title={report?.datasetDrift ? 'Dataset drift detected' : 'No dataset drift'}
            subtitle={`${stored.model} v${stored.version} · ${stored.source} · ${formatNumber(stored.rows)} rows · ${formatDate(stored.createdAt)}`}
          >
            <div className="row">
              <span data-testid="drift-headline">
                <Pill tone={report === null ? 'ok' : datasetDriftTone(report)}>
                  {formatPercent(report?.driftShare)} of features drifted
                </Pill>
              </span>
              <span>{report?.summary}</span>
            </div>
          </Card>
          <div className="grid two">
            <Card
              title="Drift per feature"
              subtitle="Bar length is the effect size (PSI); colour is the status. Click a bar to see its histograms."
            >
              <ChartFrame
                testId="drift-bars"
                label="Drift per feature"
                height={Math.max(200, bars.length * 26 + 40)}
              >
                <BarChart data={bars} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
                  <CartesianGrid stroke="#edf0f5" />
                  <XAxis type="number" {...axisProps} tickFormatter={(v: number) => formatNumber(v, 2)} />
                  <YAxis type="category" dataKey="name" {...axisProps} width={120} />
                  <Tooltip
                    formatter={(value, _name, item) => [
                      `${formatNumber(Number(value))} (${(item.payload as { status: string }).status})`,
                      (item.payload as { score: { name: string } | null }).score?.name ?? 'score',
                    ]}
                  />
                  <Bar
                    dataKey="value"
                    isAnimationActive={false}
                    onClick={(entry) => state.selectFeature(String((entry as { name?: unknown }).name))}
                    cursor="pointer"
                  >
                    {bars.map((bar) => (
                      <Cell
                        key={bar.name}
                        fill={bar.colour}
                        stroke={bar.name === state.selectedFeature ? '#1b2230' : undefined}
                        strokeWidth={2}
                      />
                    ))}
                  </Bar>
                </BarChart>
              </ChartFrame>
              <fieldset className="row" style={{ marginTop: 8, border: 0, padding: 0 }}>
                <legend className="small muted">Select a feature</legend>
                {bars.map((bar) => (
                  <button
                    key={bar.name}
                    type="button"
                    className="btn"
                    aria-pressed={bar.name === state.selectedFeature}
                    onClick={() => state.selectFeature(bar.name)}
                    style={{ padding: '2px 8px' }}
                  >
                    <Pill tone={driftTone(bar.status)}>{bar.status}</Pill> {bar.name}
                  </button>
                ))}
              </fieldset>
            </Card>
            <Card
              title={feature === null ? 'Feature' : `${feature.name}: reference vs current`}
              subtitle={feature?.reason}
            >
              {feature === null ? (
                <p className="muted">Select a feature.</p>
              ) : (
                <DriftHistogram
                  feature={feature}
                  testId="drift-histogram"
                  label={`Reference and current distribution of ${feature.name}`}
                />
              )}
            </Card>
          </div>
          {report === null ? null : <DataQualityCard report={report} />}
          {report?.chunks && report.chunks.length > 0 ? <DriftChunksHeatmap report={report} /> : null}
          {report?.multivariate && report.multivariate.length > 0 ? (
            <MultivariateCard results={report.multivariate} />
          ) : null}
        </>
      )}
      <PerformanceAttribution datasetId={stored?.datasetId ?? null} model={model} />
      <Card title="Drift over time" subtitle="Share of features drifted in each stored report.">
        <ErrorNote error={state.history.error} />
        {history.length === 0 ? (
          <p className="muted">No stored reports yet.</p>
        ) : (
          <SimpleLineChart
            testId="drift-history-chart"
            label="Drift share over time"
            data={history}
            xKey="time"
            xFormatter={(v) => formatDate(new Date(v).toISOString())}
            yDomain={[0, 1]}
            yFormatter={(v) => formatPercent(v, 0)}
            lines={[{ key: 'driftShare', name: 'drift share' }]}
          />
        )}
      </Card>
    </Page>
  );
}
