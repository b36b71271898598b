import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { EnvironmentInfo, PendingApprovalView } from '../../main/contract/index.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { DataTable } from '../components/data-table.js';
import { ErrorNote, Loading, Pill } from '../components/notices.js';
import { Card, KeyValues } from '../components/page.js';
import { formatDate } from '../format.js';
import { approvalBlocker, otherEnvironment } from '../store/environment-store.js';
import { useStores } from '../stores-context.js';

type Answering = { approval: PendingApprovalView; verdict: 'approve' | 'reject' } | null;

/** The environment this window has open, the switch to the other, releases, approvals and the audit log. */
export function EnvironmentPanel() {
  const stores = useStores();
  const state = useStore(stores.environment);
  const [confirmSwitch, setConfirmSwitch] = useState(false);
  const [answering, setAnswering] = useState<Answering>(null);
  useEffect(() => {
    void stores.environment.getState().load();
  }, [stores]);

  const info = state.info.data;
  if (info === null) {
    return (
      <Card title="Environment" subtitle="Which environment this window has open." testId="environment-panel">
        <ErrorNote error={state.info.error} />
        <Loading what="the environment" />
      </Card>
    );
  }
  const prod = info.environment === 'prod';
  const other = otherEnvironment(info.environment);
  const blocker = approvalBlocker(info);
  const approvals = state.approvals.data?.approvals ?? [];
  return (
    <Card
      title="Environment"
      subtitle="Dev and prod are separate workspaces: a model reaches prod only by release, and prod promotions wait for an approver."
      testId="environment-panel"
      actions={
        <button
          type="button"
          className={`btn ${other === 'prod' ? 'danger' : ''}`}
          disabled={!info.canSwitch || state.switchingTo !== null}
          onClick={() => setConfirmSwitch(true)}
        >
          {state.switchingTo === null ? `Switch to ${other}` : `Opening ${state.switchingTo}…`}
        </button>
      }
    >
      <div className="stack">
        {prod ? (
          <div className="notice error" role="note">
            <strong>Production.</strong> Changes here affect the models serving live traffic.
          </div>
        ) : null}
        <ErrorNote error={state.actionError} />
        {state.lastMessage === null ? null : (
          <div className="notice" role="status" data-testid="environment-message">
            {state.lastMessage}
          </div>
        )}
        <KeyValues
          items={[
            [
              'Environment',
              <Pill key="e" tone={prod ? 'prod' : 'info'}>
                {prod ? 'PRODUCTION (prod)' : info.environment}
              </Pill>,
            ],
            ['Workspace', <code key="w">{info.workspace}</code>],
            ['You act as', info.actor],
            [
              'Promotions',
              info.requireApproval
                ? `wait for an approver (${info.approvers.length === 0 ? `none yet: set ${info.approversKey}` : info.approvers.join(', ')})`
                : 'take effect at once',
            ],
            ['Podium', info.podiumVersion],
          ]}
        />
        {prod ? null : <ReleaseForm />}
        <h3>Approvals waiting</h3>
        <ErrorNote error={state.approvals.error} />
        {approvals.length === 0 ? (
          <p className="muted">
            {info.requireApproval
              ? 'No promotion is waiting. A promotion requested here (Decisions view) appears in this list.'
              : `Promotions in ${info.environment} need no approval.`}
          </p>
        ) : (
          <>
            {blocker === null ? null : <p className="muted">{blocker}</p>}
            <DataTable
              label="Approvals waiting"
              testId="approvals-table"
              rowKey={(row) => String(row.decisionId)}
              rows={approvals}
              columns={[
                { key: 'id', header: 'Decision', render: (row) => `#${row.decisionId}` },
                {
                  key: 'what',
                  header: 'Promote',
                  render: (row) =>
                    `${row.modelName} v${row.challengerVersion ?? '?'} over ${row.championVersion === null ? 'none' : `v${row.championVersion}`}`,
                },
                { key: 'by', header: 'Requested by', render: (row) => row.requestedBy },
                { key: 'when', header: 'When', render: (row) => formatDate(row.createdAt) },
                {
                  key: 'answer',
                  header: 'Answer',
                  render: (row) =>
                    row.stale !== null ? (
                      <span className="muted">{row.stale}</span>
                    ) : (
                      <span className="actions">
                        <button
                          type="button"
                          className="btn primary"
                          disabled={blocker !== null || state.busy}
                          onClick={() => setAnswering({ approval: row, verdict: 'approve' })}
                        >
                          Approve
                        </button>
                        <button
                          type="button"
                          className="btn"
                          disabled={blocker !== null || state.busy}
                          onClick={() => setAnswering({ approval: row, verdict: 'reject' })}
                        >
                          Reject request
                        </button>
                      </span>
                    ),
                },
              ]}
            />
          </>
        )}
        <AuditLog info={info} />
      </div>
      <ConfirmDialog
        open={confirmSwitch}
        title={`Open ${other === 'prod' ? 'PRODUCTION (prod)' : 'dev'}?`}
        confirmLabel={`Switch to ${other}`}
        danger={other === 'prod'}
        onCancel={() => setConfirmSwitch(false)}
        onConfirm={() => {
          setConfirmSwitch(false);
          void stores.environment
            .getState()
            .switchTo(other)
            .then((switched) => {
              // Every view holds data of the old workspace: start them all afresh.
              if (switched) window.location.reload();
            });
        }}
      >
        <p>
          Jobs running in {info.environment} are cancelled and services started from this window stop; the{' '}
          {other} workspace opens in their place.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={answering !== null}
        title={
          answering === null
            ? ''
            : `${answering.verdict === 'approve' ? 'Approve' : 'Reject'} decision #${answering.approval.decisionId}?`
        }
        confirmLabel={answering?.verdict === 'approve' ? 'Approve' : 'Reject request'}
        danger={answering?.verdict === 'approve' && prod}
        reasonLabel="Reason (stored in the audit log)"
        onCancel={() => setAnswering(null)}
        onConfirm={(reason) => {
          const current = answering;
          setAnswering(null);
          if (current !== null)
            void stores.environment.getState().answer(current.approval.decisionId, current.verdict, reason);
        }}
      >
        <p>{answering?.approval.summary}</p>
      </ConfirmDialog>
    </Card>
  );
}

function ReleaseForm() {
  const stores = useStores();
  const busy = useStore(stores.environment, (s) => s.busy);
  const [model, setModel] = useState('');
  const [version, setVersion] = useState('');
  const [reason, setReason] = useState('');
  const versionNumber = Number(version);
  const ready =
    model.trim() !== '' && Number.isInteger(versionNumber) && versionNumber >= 1 && reason.trim() !== '';
  return (
    <form
      className="stack"
      aria-label="Release to prod"
      onSubmit={(event) => {
        event.preventDefault();
        if (ready) void stores.environment.getState().release(model.trim(), versionNumber, reason.trim());
      }}
    >
      <h3>Release to prod</h3>
      <p className="muted">
        Copies a dev version's package, lineage and training data into prod, verified by hash, as a prod
        challenger.
      </p>
      <div className="actions">
        <label className="field">
          Model
          <input
            type="text"
            value={model}
            onChange={(e) => setModel(e.target.value)}
            data-testid="release-model"
          />
        </label>
        <label className="field">
          Version
          <input
            type="number"
            min={1}
            value={version}
            onChange={(e) => setVersion(e.target.value)}
            data-testid="release-version"
          />
        </label>
        <label className="field">
          Reason
          <input type="text" value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <button type="submit" className="btn" disabled={!ready || busy}>
          Release to prod
        </button>
      </div>
    </form>
  );
}

function AuditLog(props: { info: EnvironmentInfo }) {
  const stores = useStores();
  const audit = useStore(stores.environment, (s) => s.audit);
  const entries = audit.data?.entries ?? [];
  return (
    <>
      <h3>Audit log</h3>
      <ErrorNote error={audit.error} />
      {entries.length === 0 ? (
        <p className="muted">
          No releases, promotions, approvals or rollbacks in {props.info.environment} yet.
        </p>
      ) : (
        <DataTable
          label="Audit log"
          testId="audit-table"
          rowKey={(row) => String(row.id)}
          rows={entries}
          maxHeight={320}
          columns={[
            { key: 'when', header: 'When', render: (row) => formatDate(row.createdAt) },
            { key: 'action', header: 'Action', render: (row) => row.action.replace('_', ' ') },
            {
              key: 'model',
              header: 'Model',
              render: (row) =>
                `${row.modelName} ${row.fromVersion === null ? '' : `v${row.fromVersion} → `}${row.toVersion === null ? '' : `v${row.toVersion}`}`,
            },
            {
              key: 'decision',
              header: 'Decision',
              render: (row) => (row.decisionId === null ? '' : `#${row.decisionId}`),
            },
            { key: 'who', header: 'Who', render: (row) => row.actor },
            { key: 'why', header: 'Why', render: (row) => row.reason },
          ]}
        />
      )}
    </>
  );
}
