import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DriftChunk, FeatureDrift } from '../../main/contract/index.js';
import { chunkFeature, chunkHeatmap } from '../../renderer/store/drift-chunks.js';

function feature(name: string, status: FeatureDrift['status'], psi?: number): FeatureDrift {
  return {
    name,
    kind: 'numeric',
    status,
    reason: `${name} ${status}`,
    decidedBy: 'effect_size',
    nReference: 1000,
    nCurrent: 400,
    missingCurrent: 0,
    statistics: psi === undefined ? {} : { psi },
    histograms: { edges: [0, 1, 2], reference: [0.5, 0.5], current: [0.3, 0.7] },
  };
}

const chunk = (
  label: string,
  rows: number,
  features: FeatureDrift[],
  status: DriftChunk['status'],
): DriftChunk => ({
  start: '2024-01-01',
  end: '2024-01-08',
  label,
  rows,
  driftShare: 0,
  driftedFeatures: features.filter((f) => f.status === 'drift').length,
  applicableFeatures: features.length,
  status,
  features,
});

test('the heatmap has a row per feature and a cell per period, coloured by verdict and shaded by PSI', () => {
  const report = {
    features: [feature('age', 'drift', 0.4), feature('plan', 'ok', 0.01)],
    chunks: [
      chunk('2024-W01', 400, [feature('age', 'ok', 0.01), feature('plan', 'ok', 0.02)], 'ok'),
      chunk('2024-W02', 400, [feature('age', 'drift', 0.5), feature('plan', 'not_applicable')], 'warning'),
      chunk('2024-W03', 4, [], 'too_few_rows'),
    ],
  };
  const heatmap = chunkHeatmap(report);
  assert.ok(heatmap);
  assert.deepEqual(
    heatmap.periods.map((p) => p.label),
    ['2024-W01', '2024-W02', '2024-W03'],
  );
  assert.match(heatmap.periods[2].title, /4 rows, too few to judge/);
  const [age, plan] = heatmap.rows;
  assert.equal(age.feature, 'age');
  assert.deepEqual(
    age.cells.map((c) => c.status),
    ['ok', 'drift', 'too_few_rows'],
  );
  // Full red at PSI 0.5; a faint green at PSI 0.01; grey when not judged or not applicable.
  assert.equal(age.cells[1].background, '#c8392bff');
  assert.match(age.cells[0].background, /^#2f9e6a[0-9a-f]{2}$/);
  assert.ok(Number.parseInt(age.cells[0].background.slice(7), 16) < 0x60);
  assert.equal(age.cells[2].background, '#eceff3');
  assert.equal(plan.cells[1].background, '#eceff3');
  assert.equal(age.cells[1].title, 'age, 2024-W02: drift (PSI 0.500), 400 rows');
  assert.equal(age.cells[2].title, 'age, 2024-W03: not judged (4 rows)');
  // A click on a cell selects that period's feature, with its own histograms.
  assert.equal(chunkFeature(report, { feature: 'age', chunk: 1 })?.feature.statistics.psi, 0.5);
  assert.equal(chunkFeature(report, { feature: 'age', chunk: 2 }), null);
  assert.equal(chunkHeatmap({ features: report.features }), null);
});
