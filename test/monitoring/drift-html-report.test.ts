import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FeatureDrift, StoredDriftReport } from '../../main/contract/index.js';
import { StoredDriftReportSchema } from '../../main/contract/schemas/index.js';
import { escapeHtml, renderDriftReportHtml } from '../../main/monitoring/drift-html/index.js';

const HOSTILE_COLUMN = '<script>alert(1)</script>';
const HOSTILE_CATEGORY = `a&"'b`;

function feature(overrides: Partial<FeatureDrift> & Pick<FeatureDrift, 'name'>): FeatureDrift {
  return {
    kind: 'numeric',
    status: 'ok',
    reason: 'PSI 0.01 and W1/σ 0.02 are below their thresholds.',
    decidedBy: 'effect_size',
    nReference: 1000,
    nCurrent: 800,
    missingCurrent: 0,
    statistics: { psi: 0.01, ks_p: 0.5, wasserstein: 0.02, missing_share: 0 },
    histograms: { edges: [0, 1, 2, 3], reference: [0.2, 0.5, 0.3], current: [0.25, 0.45, 0.3] },
    ...overrides,
  };
}

/** A stored report as the drift check returns it, validated by the contract's own schema. */
function stored(features: FeatureDrift[], prediction?: FeatureDrift): StoredDriftReport {
  const drifted = features.filter((f) => f.status === 'drift').length;
  return StoredDriftReportSchema.parse({
    id: 7,
    model: 'churn',
    version: 2,
    source: 'file',
    datasetId: 'bcd0f2dbfa37aa',
    window: null,
    rows: 800,
    createdAt: '2026-12-07T14:00:00.000Z',
    report: {
      datasetDrift: drifted > 0,
      driftShare: features.length ? drifted / features.length : 0,
      driftedFeatures: drifted,
      applicableFeatures: features.length,
      features,
      ...(prediction ? { prediction } : {}),
      summary: `Drift: ${features
        .filter((f) => f.status === 'drift')
        .map((f) => f.name)
        .join(', ')}.`,
    },
  });
}

const hostile = feature({
  name: HOSTILE_COLUMN,
  kind: 'categorical',
  status: 'drift',
  reason: `New category ${HOSTILE_CATEGORY} makes up 25% of current values.`,
  decidedBy: 'effect_size',
  statistics: { psi: 2.03, js: 0.37, unseen_share: 0.25 },
  histograms: {
    categories: ['basic', HOSTILE_CATEGORY, '(other)', '(unseen)'],
    reference: [0.5, 0.5, 0, 0],
    current: [0.25, 0.25, 0.25, 0.25],
  },
});
const calm = feature({ name: 'tenure' });
const warned = feature({ name: 'age', status: 'warning', statistics: { psi: 0.15 } });

const svgCount = (page: string) => page.match(/<svg class="histogram"/g)?.length ?? 0;
const sectionIds = (page: string) => [...page.matchAll(/data-section="([^"]+)"/g)].map((m) => m[1]);

describe('the drift report as an HTML page', () => {
  it('escapes every user string: column names, categories and reasons never become markup', () => {
    const page = renderDriftReportHtml(stored([hostile, calm]));
    assert.ok(!page.includes(HOSTILE_COLUMN), 'the column name appears unescaped');
    assert.ok(!page.includes(HOSTILE_CATEGORY), 'the category appears unescaped');
    assert.ok(page.includes(escapeHtml(HOSTILE_COLUMN)));
    assert.ok(page.includes('a&amp;&quot;&#39;b'));
    assert.doesNotMatch(page, /<script/i);
  });

  it('is self-contained: no script, no link, no URL to fetch', () => {
    const page = renderDriftReportHtml(stored([hostile, calm, warned]));
    assert.doesNotMatch(page, /<script|<link|<img|<iframe|@import|url\(|https?:\/\//i);
    assert.match(page, /<style>/);
    assert.match(page, /Content-Security-Policy" content="default-src 'none'/);
  });

  it('draws one histogram per feature and per prediction, worst feature first', () => {
    const prediction = feature({ name: 'churned (P(1))', status: 'drift', statistics: { psi: 0.3 } });
    const page = renderDriftReportHtml(stored([calm, hostile, warned], prediction));
    assert.equal(svgCount(page), 4);
    const order = [...page.matchAll(/<article class="feature (\w+)"/g)].map((m) => m[1]);
    assert.deepEqual(order, ['drift', 'warning', 'ok', 'drift']);
    // Each reference and current bar is there: 4 categories + 3 numeric bins × 3 features.
    assert.equal(page.match(/<rect class="current"/g)?.length, 4 + 3 * 3);
    assert.match(page, /Dataset drift/);
    assert.match(page, /33% \(1 of 3 features\)/);
  });

  it('leaves out the sections the report does not have', () => {
    assert.deepEqual(sectionIds(renderDriftReportHtml(stored([calm]))), ['overview', 'features']);
    assert.deepEqual(sectionIds(renderDriftReportHtml(stored([calm], calm))), [
      'overview',
      'features',
      'prediction',
    ]);
    const empty = renderDriftReportHtml(stored([]));
    assert.deepEqual(sectionIds(empty), ['overview']);
    assert.match(empty, /No dataset drift/);
    assert.equal(svgCount(empty), 0);
  });

  it('says why a feature with nothing to bin has no histogram', () => {
    const empty = feature({
      name: 'notes',
      status: 'not_applicable',
      decidedBy: 'none',
      reason: 'No current values.',
      statistics: {},
      histograms: { edges: [], reference: [], current: [] },
    });
    const page = renderDriftReportHtml(stored([empty, calm]));
    assert.equal(svgCount(page), 1);
    assert.match(page, /No histogram: the feature has no values to bin/);
  });
});
