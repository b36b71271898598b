import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { Decision } from '../../main/contract/index.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { DataTable } from '../components/data-table.js';
import { ModelPicker, useModelChoice } from '../components/model-picker.js';
import { EmptyState, ErrorNote, Loading, Pill } from '../components/notices.js';
import { Card, KeyValues, Page } from '../components/page.js';
import { formatDate, formatNumber, formatPercent } from '../format.js';
import { routeHref } from '../router.js';
import type { ShadowDecisionEvidence } from '../store/decisions-store.js';
import { outcomeTone, shadowEvidenceOf, thresholdFor, thresholdsText } from '../store/decisions-store.js';
import { evidenceTests } from '../store/shadow-store.js';
import { useStores } from '../stores-context.js';

type Pending = { kind: 'promote' | 'reject' | 'shadow'; decision: Decision } | null;

/** A decision a shadow test made: the metric on live labelled pairs, the interval and the tests run. */
function ShadowEvidence(props: { evidence: ShadowDecisionEvidence }) {
  const { evidence } = props;
  const tests = evidenceTests(evidence.tests);
  return (
    <div className="stack" style={{ gap: 8 }} data-testid="decision-shadow-evidence">
      <p className="muted" style={{ margin: 0 }}>
        Decided by{' '}
        {evidence.testId === null ? (
          'a shadow test'
        ) : (
          <a href={routeHref('shadow', evidence.testId)}>shadow test #{evidence.testId}</a>
        )}{' '}
        on live traffic rather than a held-out comparison.
      </p>
      <KeyValues
        items={[
          [
            `${evidence.metric} (champion / challenger)`,
            `${formatNumber(evidence.champion)} / ${formatNumber(evidence.challenger)}`,
          ],
          ['Labelled pairs', formatNumber(evidence.labelledPairs)],
          [
            'Improvement interval',
            evidence.interval === null
              ? '—'
              : `${formatNumber(evidence.interval.lower)} … ${formatNumber(evidence.interval.upper)} (margin ${formatNumber(evidence.margin)})`,
          ],
        ]}
      />
      {tests.length === 0 ? null : (
        <ul className="small muted" style={{ margin: 0 }}>
          {tests.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function DecisionDetail(props: {
  decision: Decision;
  /** The challenger's stage now (null when unknown): acting makes sense only while it is still a challenger. */
  challengerStage: string | null;
  onAct: (pending: Pending) => void;
  busy: boolean;
}) {
  const { decision } = props;
  const shadow = shadowEvidenceOf(decision);
  // A decision that already acted (promoted, rejected, rolled back) leaves nothing to offer.
  const acted =
    decision.outcome === 'promote' || decision.outcome === 'reject' || decision.outcome === 'rollback';
  const canAct =
    !acted &&
    decision.challengerVersion !== null &&
    (props.challengerStage === null || props.challengerStage === 'challenger');
  return (
    <Card
      title={`Decision ${decision.id}: ${decision.modelName} v${decision.challengerVersion ?? '?'} ${decision.championVersion === null ? '(no champion yet)' : `vs champion v${decision.championVersion}`}`}
      subtitle={`${formatDate(decision.createdAt)} · by ${decision.actor}`}
      testId="decision-detail"
      actions={
        canAct ? (
          <>
            <button
              type="button"
              className="btn"
              disabled={props.busy || decision.championVersion === null}
              title={
                decision.championVersion === null ? 'A shadow test needs a champion to run beside' : undefined
              }
              onClick={() => props.onAct({ kind: 'shadow', decision })}
            >
              Start shadow test
            </button>
            <button
              type="button"
              className="btn"
              disabled={props.busy}
              onClick={() => props.onAct({ kind: 'reject', decision })}
            >
              Reject
            </button>
            <button
              type="button"
              className="btn primary"
              disabled={props.busy}
              onClick={() => props.onAct({ kind: 'promote', decision })}
            >
              Promote
            </button>
          </>
        ) : undefined
      }
    >
      <div className="stack">
        {canAct ? null : acted ? (
          <div className="notice info" data-testid="decision-acted">
            This decision already{' '}
            {decision.outcome === 'promote'
              ? 'promoted'
              : decision.outcome === 'reject'
                ? 'rejected'
                : 'rolled back to'}{' '}
            v{decision.challengerVersion}, so there is nothing left to decide here.
          </div>
        ) : props.challengerStage === null ? null : (
          <div className="notice info">
            v{decision.challengerVersion} is {props.challengerStage} now, so there is nothing left to decide
            here.
          </div>
        )}
        <div className="row">
          <Pill tone={outcomeTone(decision.outcome)}>{decision.outcome.replace(/_/g, ' ')}</Pill>
          <span data-testid="decision-summary">{decision.summary}</span>
        </div>
        {decision.metrics.comparisons.length === 0 ? (
          shadow !== null ? (
            <ShadowEvidence evidence={shadow} />
          ) : (
            <p className="muted">
              {decision.championVersion === null
                ? 'No metric comparison stored: there was no champion to compare against.'
                : 'No metric comparison stored with this decision; its reasons are below.'}
            </p>
          )
        ) : (
          <DataTable
            label="Challenger against champion"
            testId="decision-metrics"
            rows={decision.metrics.comparisons}
            rowKey={(row) => row.metric}
            columns={[
              {
                key: 'metric',
                header: 'Metric',
                render: (row) => (
                  <span>
                    {row.metric} {row.primary ? <Pill tone="info">primary</Pill> : null}
                  </span>
                ),
              },
              { key: 'direction', header: 'Better', render: (row) => row.direction },
              {
                key: 'champion',
                header: 'Champion',
                numeric: true,
                render: (row) => formatNumber(row.champion),
              },
              {
                key: 'challenger',
                header: 'Challenger',
                numeric: true,
                render: (row) => formatNumber(row.challenger),
              },
              {
                key: 'change',
                header: 'Improvement',
                numeric: true,
                render: (row) => (
                  <span
                    style={{
                      color: row.regressed
                        ? 'var(--bad)'
                        : row.relativeImprovement > 0
                          ? 'var(--ok)'
                          : undefined,
                    }}
                  >
                    {formatPercent(row.relativeImprovement, 2)}
                  </span>
                ),
              },
              {
                key: 'threshold',
                header: 'Threshold',
                numeric: true,
                render: () => thresholdFor(decision) ?? '—',
              },
              {
                key: 'regressed',
                header: '',
                render: (row) => (row.regressed ? <Pill tone="bad">regressed</Pill> : null),
              },
            ]}
          />
        )}
        <div>
          <h3>Why</h3>
          <ul style={{ margin: '6px 0', paddingLeft: 18 }}>
            {decision.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
          <div className="small muted">
            {shadow === null ? 'Evaluated on ' : 'Decided on '}
            {decision.evaluationRows === null
              ? '—'
              : `${formatNumber(decision.evaluationRows)} ${shadow === null ? 'held-out rows' : 'labelled pairs of live traffic'}`}
            {Object.keys(decision.thresholds).length === 0
              ? ''
              : ` · thresholds: ${thresholdsText(decision.thresholds)}`}
          </div>
        </div>
      </div>
    </Card>
  );
}

export function DecisionsView() {
  const stores = useStores();
  const state = useStore(stores.decisions);
  const registry = useStore(stores.registry);
  const { model, ready } = useModelChoice();
  const [pending, setPending] = useState<Pending>(null);
  const [version, setVersion] = useState<number | null>(null);
  useEffect(() => {
    if (!ready) return;
    setVersion(null);
    void stores.decisions.getState().load(model);
    if (model !== undefined) void stores.registry.getState().selectModel(model);
  }, [stores, ready, model]);

  // The registry store may still hold the previous model's versions for a moment.
  const versionsOfModel =
    model !== undefined && registry.model === model ? (registry.versions.data ?? []) : [];
  const challengers = versionsOfModel
    .filter((v) => v.stage === 'challenger')
    .sort((a, b) => b.version - a.version);
  const chosenVersion = version ?? challengers[0]?.version ?? null;
  const decisions = state.decisions.data ?? [];
  const selected = decisions.find((decision) => decision.id === state.selectedId) ?? null;

  const confirm = async (reason: string) => {
    const action = pending;
    setPending(null);
    if (action === null) return;
    const { decision } = action;
    const challenger = decision.challengerVersion;
    if (challenger === null) return;
    if (action.kind === 'promote') await state.promote(decision.modelName, challenger, reason);
    if (action.kind === 'reject') await state.reject(decision.id, reason);
    if (action.kind === 'shadow') await state.startShadow(decision.modelName, challenger);
    void stores.modelSelection.getState().load();
    void stores.registry.getState().selectModel(decision.modelName);
  };

  return (
    <Page
      name="decisions"
      title="Decisions"
      description="Evaluate a challenger against the champion metric by metric; promote, reject or start a shadow test. Every decision is stored with its evidence."
    >
      <Card title="Evaluate a challenger">
        <div className="row" style={{ alignItems: 'flex-end' }}>
          <ModelPicker />
          <label className="field">
            Challenger
            <select
              data-testid="challenger-select"
              value={chosenVersion ?? ''}
              onChange={(event) => setVersion(Number(event.target.value))}
              disabled={challengers.length === 0}
            >
              {challengers.length === 0 ? <option value="">no challenger</option> : null}
              {challengers.map((v) => (
                <option key={v.version} value={v.version}>
                  v{v.version} {v.modelType}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="btn primary"
            disabled={model === undefined || chosenVersion === null || state.pending !== null}
            onClick={() =>
              model !== undefined && chosenVersion !== null && void state.evaluate(model, chosenVersion)
            }
          >
            {state.pending === 'evaluate' ? 'Evaluating…' : 'Evaluate'}
          </button>
          {challengers.length === 0 && registry.model === model && registry.versions.data !== null ? (
            <span className="muted small">
              No challenger waits. <a href={routeHref('train')}>Train one</a>.
            </span>
          ) : null}
        </div>
      </Card>
      <ErrorNote error={state.actionError} title="The action failed" />
      {state.lastMessage === null ? null : (
        <div className="notice info" role="status" data-testid="decision-message">
          {state.lastMessage}
        </div>
      )}
      <ConfirmDialog
        open={pending !== null}
        title={
          pending?.kind === 'promote'
            ? `Promote v${pending.decision.challengerVersion} to champion?`
            : pending?.kind === 'reject'
              ? `Reject challenger v${pending.decision.challengerVersion}?`
              : `Start a shadow test for v${pending?.decision.challengerVersion ?? ''}?`
        }
        confirmLabel={
          pending?.kind === 'promote'
            ? 'Promote'
            : pending?.kind === 'reject'
              ? 'Reject'
              : 'Start shadow test'
        }
        danger={pending?.kind !== 'shadow'}
        reasonLabel={pending?.kind === 'shadow' ? undefined : 'Reason (stored with the decision)'}
        onCancel={() => setPending(null)}
        onConfirm={(reason) => void confirm(reason)}
      >
        <p>
          {pending?.kind === 'promote'
            ? 'The current champion is archived; serving picks up the new champion on restart.'
            : pending?.kind === 'reject'
              ? 'The challenger leaves the challenger stage. The decision is kept in the history.'
              : 'Live traffic is mirrored to the challenger beside the champion until enough labelled pairs decide.'}
        </p>
      </ConfirmDialog>
      {selected === null ? null : (
        <DecisionDetail
          decision={selected}
          challengerStage={
            selected.modelName === model
              ? (versionsOfModel.find((v) => v.version === selected.challengerVersion)?.stage ?? null)
              : null
          }
          onAct={setPending}
          busy={state.pending !== null}
        />
      )}
      <Card title="History">
        <ErrorNote error={state.decisions.error} title="Could not list decisions" />
        {decisions.length === 0 ? (
          state.decisions.loading ? (
            <Loading what="decisions" />
          ) : (
            <EmptyState title="No decisions yet">Train a challenger, then evaluate it above.</EmptyState>
          )
        ) : (
          <DataTable
            label="Decision history"
            testId="decisions-table"
            rows={decisions}
            rowKey={(d) => String(d.id)}
            selectedKeys={new Set(state.selectedId === null ? [] : [String(state.selectedId)])}
            onRowClick={(d) => state.select(d.id)}
            columns={[
              { key: 'id', header: '#', render: (d) => d.id },
              { key: 'when', header: 'When', render: (d) => formatDate(d.createdAt) },
              { key: 'model', header: 'Model', render: (d) => d.modelName },
              {
                key: 'versions',
                header: 'Challenger / champion',
                render: (d) =>
                  `v${d.challengerVersion ?? '—'} / ${d.championVersion === null ? 'none' : `v${d.championVersion}`}`,
              },
              {
                key: 'outcome',
                header: 'Outcome',
                render: (d) => <Pill tone={outcomeTone(d.outcome)}>{d.outcome.replace(/_/g, ' ')}</Pill>,
              },
              {
                key: 'summary',
                header: 'Summary',
                render: (d) => <span className="small">{d.summary}</span>,
              },
            ]}
          />
        )}
      </Card>
    </Page>
  );
}
