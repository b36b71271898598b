import type { CandidateResult } from '../../main/contract/index.js';
import { DataTable } from '../components/data-table.js';
import { Pill } from '../components/notices.js';
import { formatDuration, formatNumber } from '../format.js';
import { kindRank } from '../store/runs-store.js';

/** The model comparison table as `podium compare` prints it: train and validation metrics per model type. */
export function CandidatesTable(props: {
  candidates: CandidateResult[];
  primaryMetric: string;
  testId?: string;
}) {
  const metricNames = [
    ...new Set(props.candidates.flatMap((candidate) => Object.keys(candidate.validation))),
  ].sort(
    (a, b) =>
      (a === props.primaryMetric ? -1 : b === props.primaryMetric ? 1 : 0) ||
      kindRank(a) - kindRank(b) ||
      a.localeCompare(b),
  );
  // Three metrics (train and validation each) fit 1280 px without scrolling; the primary one leads.
  const shown = metricNames.slice(0, 3);
  return (
    <DataTable
      label="Model comparison"
      testId={props.testId ?? 'comparison-table'}
      rows={props.candidates}
      rowKey={(candidate) => candidate.label}
      columns={[
        {
          key: 'model',
          header: 'Model',
          render: (candidate) => (
            <span className="nowrap">
              {candidate.label} {candidate.chosen ? <Pill tone="ok">chosen</Pill> : null}
              {candidate.status === 'failed' ? (
                <Pill tone="bad" title={candidate.error}>
                  failed
                </Pill>
              ) : null}
            </span>
          ),
        },
        ...shown.flatMap((metric) => [
          {
            key: `train-${metric}`,
            header: `train ${metric}`,
            numeric: true,
            render: (candidate: CandidateResult) => formatNumber(candidate.train[metric]),
          },
          {
            key: `validation-${metric}`,
            header: `validation ${metric}`,
            numeric: true,
            render: (candidate: CandidateResult) => (
              <strong>{formatNumber(candidate.validation[metric])}</strong>
            ),
          },
        ]),
        {
          key: 'seconds',
          header: 'Time',
          numeric: true,
          render: (candidate) => formatDuration(candidate.seconds),
        },
      ]}
    />
  );
}
