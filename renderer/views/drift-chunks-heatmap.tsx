import { useState } from 'react';
import type { DriftReport } from '../../main/contract/index.js';
import { Pill } from '../components/notices.js';
import { Card } from '../components/page.js';
import { formatNumber } from '../format.js';
import { chunkFeature, chunkHeatmap } from '../store/drift-chunks.js';
import { driftTone } from '../store/drift-store.js';
import { DriftHistogram } from './drift-histogram.js';

/**
 * Drift over time of one report: features down, periods across, each cell the feature's verdict
 * in that period shaded by its PSI. Clicking a cell shows that period's histograms beside the
 * reference, with the same chart as the whole-file view.
 */
export function DriftChunksHeatmap(props: { report: DriftReport }) {
  const { report } = props;
  const [selection, setSelection] = useState<{ feature: string; chunk: number } | null>(null);
  const heatmap = chunkHeatmap(report);
  if (heatmap === null) return null;
  const chunking = report.chunking;
  const selected = chunkFeature(report, selection);
  return (
    <Card
      title="Drift per period"
      subtitle={`Rows grouped by ${chunking?.every ?? 'period'} of ${chunking?.by ?? 'date'} (UTC); each period compared with the training data on its own. Colour is the verdict, depth the PSI. Click a cell for its histograms.`}
    >
      <div style={{ overflowX: 'auto' }}>
        <table className="drift-heatmap" data-testid="drift-chunks-heatmap">
          <caption className="small muted" style={{ textAlign: 'left' }}>
            {chunking && chunking.rowsWithoutDate > 0
              ? `${formatNumber(chunking.rowsWithoutDate)} rows had no readable ${chunking.by} and are in no period. `
              : ''}
            {chunking ? `Periods under ${chunking.minRows} rows are not judged (grey).` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">feature</th>
              {heatmap.periods.map((period) => (
                <th key={period.label} scope="col" title={period.title} style={{ whiteSpace: 'nowrap' }}>
                  {period.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {heatmap.rows.map((row) => (
              <tr key={row.feature}>
                <th scope="row" style={{ textAlign: 'left', whiteSpace: 'nowrap' }}>
                  {row.feature}
                </th>
                {row.cells.map((cell) => {
                  const active = selection?.feature === cell.feature && selection.chunk === cell.chunk;
                  return (
                    <td key={cell.chunk} style={{ padding: 1 }}>
                      <button
                        type="button"
                        title={cell.title}
                        aria-label={cell.title}
                        aria-pressed={active}
                        data-status={cell.status}
                        disabled={cell.status === 'too_few_rows'}
                        onClick={() => setSelection({ feature: cell.feature, chunk: cell.chunk })}
                        style={{
                          background: cell.background,
                          border: active ? '2px solid #1b2230' : '1px solid transparent',
                          minWidth: 44,
                          padding: '2px 4px',
                          fontSize: 11,
                          cursor: cell.status === 'too_few_rows' ? 'default' : 'pointer',
                        }}
                      >
                        {cell.psi === null ? '–' : formatNumber(cell.psi, 2)}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {selected === null ? (
        <p className="muted">Select a cell to see that period's histograms beside the reference.</p>
      ) : (
        <div data-testid="drift-chunk-detail" style={{ marginTop: 12 }}>
          <div className="row">
            <strong>
              {selected.feature.name}, {selected.chunk.label}
            </strong>
            <Pill tone={driftTone(selected.feature.status)}>{selected.feature.status}</Pill>
            <span className="small muted">
              {selected.chunk.start} to {selected.chunk.end} · {formatNumber(selected.chunk.rows)} rows
            </span>
          </div>
          <p className="small">{selected.feature.reason}</p>
          <DriftHistogram
            feature={selected.feature}
            testId="drift-chunk-histogram"
            label={`Reference and ${selected.chunk.label} distribution of ${selected.feature.name}`}
          />
        </div>
      )}
    </Card>
  );
}
