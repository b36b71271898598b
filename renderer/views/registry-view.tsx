import { useEffect, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from 'recharts';
import { useStore } from 'zustand';
import type { ChampionPeriod, Stage } from '../../main/contract/index.js';
import { axisProps, ChartFrame, chartColours } from '../components/charts.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { DataTable } from '../components/data-table.js';
import { MetricsList } from '../components/metrics-list.js';
import { ModelPicker } from '../components/model-picker.js';
import { EmptyState, ErrorNote, Loading, Pill, type Tone } from '../components/notices.js';
import { Card, KeyValues, Page } from '../components/page.js';
import { formatBytes, formatDate, formatNumber, shortId } from '../format.js';
import { routeHref } from '../router.js';
import {
  canRollBack,
  metricAcrossVersions,
  primaryMetricOf,
  transitionRows,
} from '../store/registry-store.js';
import { useStores } from '../stores-context.js';
import { RolloutPanel } from './rollout-panel.js';

export function stageTone(stage: Stage): Tone {
  return stage === 'champion'
    ? 'ok'
    : stage === 'challenger'
      ? 'info'
      : stage === 'shadow'
        ? 'warn'
        : 'neutral';
}

function VersionDetailCard() {
  const stores = useStores();
  const detail = useStore(stores.registry, (state) => state.detail);
  if (detail.data === null) {
    return (
      <Card title="Version detail">
        {detail.loading ? (
          <Loading what="the version" />
        ) : (
          <p className="muted">Pick a version in the table to see its package and lineage.</p>
        )}
        <ErrorNote error={detail.error} />
      </Card>
    );
  }
  const { version, package: pkg, lineage } = detail.data;
  return (
    <Card
      title={`v${version.version} · ${version.modelType}`}
      subtitle={<Pill tone={stageTone(version.stage)}>{version.stage}</Pill>}
      testId="version-detail"
    >
      <div className="grid three">
        <div>
          <h3>Package</h3>
          <KeyValues
            items={[
              ['SHA-256', <code key="s">{shortId(pkg.sha256, 16)}</code>],
              ['Task', pkg.task],
              ['Target', pkg.target],
              ['Backend', pkg.backend],
              [
                'Files',
                `${pkg.files.length} (${formatBytes(pkg.files.reduce((sum, file) => sum + file.bytes, 0))})`,
              ],
              ['Path', <code key="p">{pkg.path}</code>],
            ]}
          />
        </div>
        <div>
          <h3>Lineage</h3>
          <KeyValues
            items={[
              [
                'Training data',
                `${lineage.trainingData.fileName ?? '—'} (${shortId(lineage.trainingData.datasetId)})`,
              ],
              ['Rows', formatNumber(lineage.trainingData.rows)],
              [
                'Run',
                <a key="r" href={routeHref('experiments', lineage.trainingCode.runId)}>
                  {shortId(lineage.trainingCode.runId, 12)}
                </a>,
              ],
              [
                'Code',
                lineage.trainingCode.code === null
                  ? '—'
                  : `${lineage.trainingCode.code.gitCommit?.slice(0, 10) ?? 'no git'}${lineage.trainingCode.code.gitDirty ? ' (dirty)' : ''} · podium ${lineage.trainingCode.code.podiumVersion}`,
              ],
              ['Model config', <code key="c">{shortId(lineage.trainingCode.modelConfigSha256, 12)}</code>],
              ['Predictions', String(lineage.predictions.length)],
            ]}
          />
        </div>
        <div>
          <h3>Metrics</h3>
          <MetricsList metrics={version.metrics} limit={10} />
        </div>
      </div>
    </Card>
  );
}

export function RegistryView(props: { model: string | null }) {
  const stores = useStores();
  const state = useStore(stores.registry);
  const selection = useStore(stores.modelSelection);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    // A link to one model's registry (#/registry/NAME) chooses that model for every view.
    if (props.model !== null) stores.modelSelection.getState().choose(props.model);
    void stores.modelSelection.getState().load();
  }, [stores, props.model]);
  const chosen = selection.model;
  useEffect(() => {
    if (chosen !== null) void stores.registry.getState().selectModel(chosen);
  }, [stores, chosen]);

  const models = selection.models.data ?? [];
  const versions = state.versions.data ?? [];
  const metric = primaryMetricOf(versions);
  const timeline = state.timeline.data;
  const current = timeline?.periods.find((period) => period.to === null);
  const previous = timeline?.periods.filter((period) => period.to !== null).at(-1);

  if (selection.models.data !== null && models.length === 0) {
    return (
      <Page name="registry" title="Registry" description="Model versions, aliases, transitions and lineage.">
        <ErrorNote error={selection.models.error} />
        <Card>
          <EmptyState
            title="The registry is empty"
            action={
              <a className="btn primary" href={routeHref('train')}>
                Train a model
              </a>
            }
          >
            Every trained model is registered here as a new version.
          </EmptyState>
        </Card>
      </Page>
    );
  }

  return (
    <Page
      name="registry"
      title="Registry"
      description="Model versions with their aliases, transition history, lineage and package; which version was champion when, with rollback."
      actions={
        <>
          <ModelPicker />
          <button
            type="button"
            className="btn danger"
            disabled={!canRollBack(timeline) || state.rollback.pending}
            onClick={() => setConfirming(true)}
          >
            Roll back
          </button>
        </>
      }
    >
      <ErrorNote error={selection.models.error} title="Could not list models" />
      <ErrorNote error={state.rollback.error} title="Rollback failed" />
      {state.rollback.result === null ? null : (
        <div className="notice info" role="status">
          Rolled back: v{state.rollback.result.champion.version} is champion again (v
          {state.rollback.result.previousChampion.version} archived).
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title="Roll back the champion?"
        confirmLabel="Roll back"
        danger
        reasonLabel="Reason (stored with the rollback decision)"
        onCancel={() => setConfirming(false)}
        onConfirm={(reason) => {
          setConfirming(false);
          void state.rollBack(reason);
        }}
      >
        <p>
          v{current?.version ?? '?'} stops being champion and v{previous?.version ?? '?'} becomes champion
          again. Services pick up the change on their next restart.
        </p>
      </ConfirmDialog>
      <div className="grid two">
        <Card
          title="Champion timeline"
          subtitle="Which version was champion when."
          testId="champion-timeline"
        >
          <ErrorNote error={state.timeline.error} />
          {timeline === null || timeline.periods.length === 0 ? (
            <p className="muted">No version has been champion yet. Promote one on the Decisions view.</p>
          ) : (
            <ol style={{ margin: 0, paddingLeft: 18 }} className="stack">
              {[...timeline.periods].reverse().map((period) => (
                <li key={`${period.version}-${period.from}`}>
                  <strong>v{period.version}</strong> {period.modelType}{' '}
                  {period.to === null ? <Pill tone="ok">champion now</Pill> : null}{' '}
                  <BakingPill period={period} />
                  <div className="small muted">
                    {formatDate(period.from)} → {period.to === null ? 'now' : formatDate(period.to)} ·{' '}
                    {period.began.actor}: {period.began.reason}
                  </div>
                  {period.endedAutomatically ? (
                    <div className="small" data-testid="automatic-rollback">
                      Rolled back automatically: {period.baking?.breaches.join('; ')}
                    </div>
                  ) : null}
                </li>
              ))}
            </ol>
          )}
        </Card>
        <Card title={metric === null ? 'Primary metric' : `${metric} across versions`}>
          {metric === null || versions.length === 0 ? (
            <p className="muted">No metrics yet.</p>
          ) : (
            <ChartFrame testId="versions-metric-chart" label={`${metric} per version`}>
              <BarChart
                data={metricAcrossVersions(versions, metric)}
                margin={{ top: 8, right: 16, bottom: 4, left: 4 }}
              >
                <CartesianGrid stroke="#edf0f5" />
                <XAxis dataKey="version" {...axisProps} tickFormatter={(v: number) => `v${v}`} />
                <YAxis {...axisProps} width={64} tickFormatter={(v: number) => formatNumber(v, 3)} />
                <Tooltip
                  formatter={(value) => (typeof value === 'number' ? formatNumber(value) : String(value))}
                  labelFormatter={(v) => `v${v}`}
                />
                <Bar dataKey="value" name={metric} isAnimationActive={false}>
                  {metricAcrossVersions(versions, metric).map((point) => (
                    <Cell
                      key={point.version}
                      fill={point.stage === 'champion' ? '#2f9e6a' : chartColours[0]}
                    />
                  ))}
                </Bar>
              </BarChart>
            </ChartFrame>
          )}
        </Card>
      </div>
      <RolloutPanel model={chosen} />
      <Card title="Versions" subtitle="Aliases: champion, challenger, shadow, archived.">
        <ErrorNote error={state.versions.error} />
        <DataTable
          label="Versions"
          testId="versions-table"
          rows={[...versions].sort((a, b) => b.version - a.version)}
          rowKey={(version) => String(version.version)}
          selectedKeys={new Set(state.version === null ? [] : [String(state.version)])}
          onRowClick={(version) => void state.selectVersion(version.version)}
          columns={[
            { key: 'version', header: 'Version', render: (v) => <strong>v{v.version}</strong> },
            {
              key: 'stage',
              header: 'Alias',
              render: (v) => <Pill tone={stageTone(v.stage)}>{v.stage}</Pill>,
            },
            { key: 'type', header: 'Model type', render: (v) => v.modelType },
            ...(metric === null
              ? []
              : [
                  {
                    key: 'metric',
                    header: metric,
                    numeric: true,
                    render: (v: (typeof versions)[number]) => formatNumber(v.metrics[metric]),
                  },
                ]),
            { key: 'created', header: 'Created', render: (v) => formatDate(v.createdAt) },
          ]}
        />
      </Card>
      <VersionDetailCard />
      <Card title="Transition history">
        <ErrorNote error={state.transitions.error} />
        {(state.transitions.data ?? []).length === 0 ? (
          <p className="muted">No transitions yet.</p>
        ) : (
          <DataTable
            label="Transitions"
            testId="transitions-table"
            rows={transitionRows(state.transitions.data ?? [])}
            rowKey={(t) => String(t.id)}
            columns={[
              { key: 'when', header: 'When', render: (t) => formatDate(t.createdAt) },
              { key: 'version', header: 'Version', render: (t) => `v${t.version}` },
              {
                key: 'change',
                header: 'Change',
                render: (t) => (
                  <span className="nowrap">
                    {t.registered ? (
                      <Pill tone="neutral">registered</Pill>
                    ) : (
                      <Pill tone={stageTone(t.fromStage)}>{t.fromStage}</Pill>
                    )}
                    {t.toStage === 'none' && t.registered ? null : (
                      <>
                        {' '}
                        → <Pill tone={stageTone(t.toStage)}>{t.toStage}</Pill>
                      </>
                    )}
                  </span>
                ),
              },
              { key: 'actor', header: 'By', render: (t) => t.actor },
              { key: 'reason', header: 'Reason', render: (t) => t.reason },
            ]}
          />
        )}
      </Card>
    </Page>
  );
}

/** The guarded rollout's word on a champion period: still baking, passed, or rolled back by a guard. */
function BakingPill(props: { period: ChampionPeriod }) {
  const baking = props.period.baking;
  if (!baking) return null;
  switch (baking.status) {
    case 'baking':
      return (
        <Pill tone="warn" title={`Guards watch it until ${formatDate(baking.endsAt)}`}>
          baking until {formatDate(baking.endsAt)}
        </Pill>
      );
    case 'passed':
      return <Pill tone="neutral">baking passed</Pill>;
    case 'rolled_back':
      return (
        <Pill tone="bad" title={baking.breaches.join('; ')}>
          rolled back automatically
        </Pill>
      );
    case 'superseded':
      return <Pill tone="neutral">baking cut short</Pill>;
  }
}
