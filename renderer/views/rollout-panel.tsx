import { useEffect } from 'react';
import { useStore } from 'zustand';
import { DataTable } from '../components/data-table.js';
import { ErrorNote, Pill } from '../components/notices.js';
import { Card, KeyValues } from '../components/page.js';
import { formatDate } from '../format.js';
import { automaticRollback, type GuardRow, guardRows, shownBakingPeriod } from '../store/rollout-store.js';
import { useStores } from '../stores-context.js';

const STATUS_TONES = { baking: 'info', passed: 'ok', rolled_back: 'bad', superseded: 'neutral' } as const;

/**
 * Guarded rollout: the champion's baking period after its promotion, each guard's reading
 * against its threshold, and the automatic rollback when a guard tripped (`podium rollout status`).
 */
export function RolloutPanel(props: { model: string | null }) {
  const stores = useStores();
  const state = useStore(stores.rollout);
  const { model } = props;
  useEffect(() => {
    if (model !== null) void stores.rollout.getState().load(model);
  }, [stores, model]);
  const status = state.status.data;
  const period = status === null ? null : shownBakingPeriod(status);
  const rollback = period === null ? null : automaticRollback(period);
  return (
    <Card
      title="Rollout"
      subtitle={`The baking period after a promotion${status === null ? '' : ` (${status.bakingPeriod})`}: a guard that trips rolls the champion back.`}
      testId="rollout-panel"
    >
      <ErrorNote error={state.status.error} />
      {period === null ? (
        <p className="muted">
          {status === null
            ? 'Loading…'
            : 'The champion is not baking: it is the first champion, was restored by a rollback, or finished its baking period before it could be watched.'}
        </p>
      ) : (
        <>
          <KeyValues
            items={[
              [
                'Version',
                <>
                  v{period.version}{' '}
                  <Pill tone={STATUS_TONES[period.status]}>{period.status.replace('_', ' ')}</Pill>
                </>,
              ],
              ['Started', formatDate(period.startedAt)],
              ['Ends', formatDate(period.endsAt)],
              ['Last checked', formatDate(period.lastCheckedAt)],
            ]}
          />
          {rollback === null ? null : (
            <div className="notice error" role="status" data-testid="rollout-rollback">
              {rollback}
            </div>
          )}
          <DataTable<GuardRow>
            label="Rollout guards"
            testId="rollout-guards"
            rows={guardRows(period)}
            rowKey={(row) => row.guard}
            columns={[
              { key: 'guard', header: 'Guard', render: (row) => row.label },
              { key: 'reading', header: 'Reading', render: (row) => row.reading, numeric: true },
              { key: 'threshold', header: 'Threshold', render: (row) => row.threshold, numeric: true },
              {
                key: 'verdict',
                header: 'Status',
                render: (row) => <Pill tone={row.tone}>{row.verdict.replace('_', ' ')}</Pill>,
              },
              { key: 'reason', header: 'Why', render: (row) => <span className="small">{row.reason}</span> },
            ]}
          />
        </>
      )}
    </Card>
  );
}
