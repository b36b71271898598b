import type { DataQualityCheck, DriftReport } from '../../main/contract/index.js';
import { DataTable } from '../components/data-table.js';
import { Pill } from '../components/notices.js';
import { Card } from '../components/page.js';
import { formatPercent } from '../format.js';

const CHECK_NAMES: Record<DataQualityCheck['check'], string> = {
  missing_rate: 'missing rate',
  out_of_range: 'out of range',
  unseen_category: 'unseen category',
  type_mismatch: 'type mismatch',
};

function thresholdText(check: DataQualityCheck): string {
  return check.thresholdLower === undefined
    ? `≤ ${formatPercent(check.threshold, 2)}`
    : `${formatPercent(check.thresholdLower, 2)} – ${formatPercent(check.threshold, 2)}`;
}

/** The drift report's data-quality checks of every column, alerts first, each with its learned threshold. */
export function DataQualityCard(props: { report: DriftReport }) {
  const checks = props.report.dataQuality ?? [];
  if (checks.length === 0) return null;
  const alerts = checks.filter((check) => check.status === 'alert');
  const rows = [...alerts, ...checks.filter((check) => check.status !== 'alert')];
  const basis = props.report.dataQualityReference;
  return (
    <Card
      title="Data quality"
      testId="drift-data-quality"
      subtitle={`${alerts.length === 0 ? `All ${checks.length} checks ok.` : `${alerts.length} of ${checks.length} checks alert.`} ${
        basis?.method === 'chunks'
          ? `Thresholds: mean ± 3σ over ${basis.chunks} chunks of ${basis.chunkRows} training rows, never tighter than a floor.`
          : 'Thresholds: floors around the training value (too few training rows for chunks).'
      }`}
    >
      <DataTable
        label="Data quality checks"
        testId="drift-data-quality-table"
        maxHeight={360}
        rows={rows}
        rowKey={(check) => `${check.column}:${check.check}`}
        columns={[
          {
            key: 'column',
            header: 'Column',
            render: (check) => (
              <span title={check.reason}>
                {check.column}
                {check.usedByModel ? '' : <span className="muted small"> (not used)</span>}
              </span>
            ),
          },
          { key: 'check', header: 'Check', render: (check) => CHECK_NAMES[check.check] },
          {
            key: 'status',
            header: 'Status',
            render: (check) => <Pill tone={check.status === 'alert' ? 'bad' : 'ok'}>{check.status}</Pill>,
          },
          { key: 'value', header: 'Value', numeric: true, render: (check) => formatPercent(check.value, 2) },
          { key: 'threshold', header: 'Threshold', numeric: true, render: thresholdText },
        ]}
      />
    </Card>
  );
}
