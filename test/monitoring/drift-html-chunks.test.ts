import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DriftChunk, FeatureDrift, StoredDriftReport } from '../../main/contract/index.js';
import { StoredDriftReportSchema } from '../../main/contract/schemas/index.js';
import { renderDriftReportHtml } from '../../main/monitoring/drift-html/index.js';

function feature(name: string, status: FeatureDrift['status'], psi: number): FeatureDrift {
  return {
    name,
    kind: 'numeric',
    status,
    reason: `PSI ${psi}`,
    decidedBy: 'effect_size',
    nReference: 1000,
    nCurrent: 400,
    missingCurrent: 0,
    statistics: { psi },
    histograms: { edges: [0, 1, 2], reference: [0.5, 0.5], current: [0.4, 0.6] },
  };
}

function chunk(label: string, start: string, end: string, features: FeatureDrift[], rows = 400): DriftChunk {
  const drifted = features.filter((f) => f.status === 'drift').length;
  return {
    start,
    end,
    label,
    rows,
    driftShare: features.length ? drifted / features.length : 0,
    driftedFeatures: drifted,
    applicableFeatures: features.length,
    status: rows < 30 ? 'too_few_rows' : drifted > 0 ? 'warning' : 'ok',
    features,
  };
}

function stored(): StoredDriftReport {
  return StoredDriftReportSchema.parse({
    id: 3,
    model: 'churn',
    version: 1,
    source: 'file',
    datasetId: 'abc',
    window: null,
    rows: 805,
    createdAt: '2026-12-07T14:00:00.000Z',
    report: {
      datasetDrift: false,
      driftShare: 0.5,
      driftedFeatures: 1,
      applicableFeatures: 2,
      features: [feature('age', 'drift', 0.3), feature('income', 'ok', 0.01)],
      summary: 'No dataset drift.',
      chunking: { by: 'signup', every: 'week', minRows: 30, rowsWithoutDate: 2 },
      chunks: [
        chunk('2024-W01', '2024-01-01', '2024-01-08', [
          feature('age', 'ok', 0.02),
          feature('income', 'ok', 0.01),
        ]),
        chunk('2024-W02', '2024-01-08', '2024-01-15', [
          feature('age', 'drift', 0.61),
          feature('income', 'ok', 0.03),
        ]),
        chunk('2024-W03', '2024-01-15', '2024-01-22', [], 5),
      ],
    },
  });
}

test('the chunks section is a static feature × period heatmap with a title on every cell', () => {
  const page = renderDriftReportHtml(stored());
  const section = page.slice(page.indexOf('id="section-chunks"'), page.indexOf('id="section-features"'));
  assert.ok(section.length > 0, 'the chunks section comes before the features');
  assert.match(section, /<h2>Drift over time<\/h2>/);
  assert.match(section, /data-testid="drift-chunks-heatmap"/);
  assert.match(section, /<th scope="col"[^>]*>2024-W01<\/th><th scope="col"[^>]*>2024-W02<\/th>/);
  assert.match(
    section,
    /<td class="cell drift" title="age, 2024-W02: drift \(PSI 0\.610\), 400 rows">0\.61<\/td>/,
  );
  assert.match(section, /<td class="cell too_few_rows" title="age, 2024-W03: not judged \(5 rows\)">–<\/td>/);
  assert.match(section, /title="2024-W02: some drift, 1 of 2 features drifted, 400 rows">50%<\/td>/);
  assert.match(section, /2 rows had no readable signup and are in no period/);
  assert.doesNotMatch(page, /<script/);
});

test('a report without periods has no chunks section', () => {
  const plain = stored();
  plain.report.chunks = undefined;
  plain.report.chunking = undefined;
  assert.doesNotMatch(renderDriftReportHtml(plain), /section-chunks/);
});
