import type { DriftChunk, FeatureDrift, StoredDriftReport } from '../../contract/index.js';
import { type Html, html } from './html.js';

const CHUNK_STATUS_TEXT: Record<DriftChunk['status'], string> = {
  drift: 'dataset drift',
  warning: 'some drift',
  ok: 'no drift',
  too_few_rows: 'too few rows',
};

/** What a cell says to a reader who hovers it or hears it: the feature, the period, the verdict, the PSI. */
export function cellTitle(feature: string, chunk: DriftChunk, drift: FeatureDrift | undefined): string {
  if (chunk.status === 'too_few_rows') return `${feature}, ${chunk.label}: not judged (${chunk.rows} rows)`;
  if (!drift) return `${feature}, ${chunk.label}: not checked`;
  const psi = drift.statistics.psi;
  return `${feature}, ${chunk.label}: ${drift.status.replace('_', ' ')}${psi === undefined ? '' : ` (PSI ${psi.toFixed(3)})`}, ${chunk.rows} rows`;
}

function cell(feature: string, chunk: DriftChunk): Html {
  const drift = chunk.features.find((f) => f.name === feature);
  const status = chunk.status === 'too_few_rows' ? 'too_few_rows' : (drift?.status ?? 'not_applicable');
  const psi = drift?.statistics.psi;
  return html`<td class="cell ${status}" title="${cellTitle(feature, chunk, drift)}">${
    psi === undefined ? '–' : psi.toFixed(2)
  }</td>`;
}

/**
 * Drift over time as a static heatmap: a row per feature, a column per period, each cell coloured
 * by that feature's verdict in that period and showing its PSI; the last row is each period's
 * verdict. No script: the page stays inert, so it can be shared as it is.
 */
export function chunksHeatmap(stored: StoredDriftReport): Html | null {
  const { chunks, chunking, features } = stored.report;
  if (!chunks || !chunking || chunks.length === 0) return null;
  const names = features.map((feature) => feature.name);
  return html`<p class="chunks-note">Rows grouped by ${chunking.every} of <code>${chunking.by}</code> (UTC${
    chunking.every === 'week' ? ', ISO weeks from Monday' : ''
  }); each period compared with the training data on its own. Periods under ${chunking.minRows} rows are not judged.${
    chunking.rowsWithoutDate > 0
      ? ` ${chunking.rowsWithoutDate} rows had no readable ${chunking.by} and are in no period.`
      : ''
  } Cells show the PSI.</p>
<div class="heatmap-scroll"><table class="heatmap" data-testid="drift-chunks-heatmap">
<thead><tr><th scope="col">feature</th>${chunks.map(
    (chunk) =>
      html`<th scope="col" title="${chunk.start} to ${chunk.end} (exclusive), ${chunk.rows} rows">${chunk.label}</th>`,
  )}</tr></thead>
<tbody>${names.map((name) => html`<tr><th scope="row">${name}</th>${chunks.map((chunk) => cell(name, chunk))}</tr>`)}
<tr class="period-verdict"><th scope="row">period</th>${chunks.map(
    (chunk) =>
      html`<td class="cell ${chunk.status}" title="${chunk.label}: ${CHUNK_STATUS_TEXT[chunk.status]}, ${chunk.driftedFeatures} of ${chunk.applicableFeatures} features drifted, ${chunk.rows} rows">${
        chunk.status === 'too_few_rows' ? `${chunk.rows}` : `${(chunk.driftShare * 100).toFixed(0)}%`
      }</td>`,
  )}</tr></tbody></table></div>`;
}
