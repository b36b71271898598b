import assert from 'node:assert/strict';
import { test } from 'node:test';
import { multivariateLines } from '../../main/cli/commands/drift-multivariate.js';
import { toSnakeCaseDocument } from '../../main/contract/documented-json.js';
import { StoredDriftReportSchema } from '../../main/contract/schemas/index.js';
import { renderDriftReportHtml } from '../../main/monitoring/drift-html/index.js';
import { multivariateDrift, multivariateSummary } from '../../main/monitoring/multivariate/index.js';
import { reference, rows } from './multivariate-fixtures.js';

test('multivariate results reach the JSON (snake_case), the CLI text and the HTML report', async () => {
  const training = reference(rows(1000, 1));
  const results = await multivariateDrift(
    training.distribution,
    training.sample,
    rows(400, 2, { rho: -0.8 }),
  );
  const stored = StoredDriftReportSchema.parse({
    id: 3,
    model: 'churn <b>',
    version: 1,
    source: 'file',
    datasetId: 'abc',
    window: null,
    rows: 400,
    createdAt: '2026-12-07T14:00:00.000Z',
    report: {
      datasetDrift: false,
      driftShare: 0,
      driftedFeatures: 0,
      applicableFeatures: 4,
      features: [],
      multivariate: results,
      summary: multivariateSummary(results),
    },
  });
  assert.match(
    stored.report.summary,
    /^Multivariate drift: PCA reconstruction, domain classifier \(most telling: [xy], [xy]/,
  );
  const document = JSON.stringify(toSnakeCaseDocument(StoredDriftReportSchema, stored));
  for (const key of [
    '"top_features"',
    '"lower_threshold"',
    '"method":"domain_classifier"',
    '"current_rows"',
  ]) {
    assert.ok(document.includes(key), key);
  }
  const lines = multivariateLines(stored.report.multivariate);
  assert.equal(lines[0], 'Multivariate drift:');
  assert.match(lines[1], /^ {2}PCA reconstruction: drift\. Reconstruction error/);
  assert.match(lines[2], /^ {2}domain classifier: drift\. A classifier tells current rows/);
  const page = renderDriftReportHtml(stored);
  assert.match(page, /<section class="report-section" id="section-multivariate"/);
  assert.match(page, /data-method="pca_reconstruction"/);
  assert.match(page, /most telling inputs/);
  assert.ok(!page.includes('churn <b>'));
});

test('a model registered before the multivariate checks gets an explained not-applicable, and no section is empty', async () => {
  const training = reference(rows(300, 1));
  const results = await multivariateDrift(training.distribution, null, rows(100, 2));
  assert.deepEqual(
    results.map((r) => r.status),
    ['not_applicable', 'not_applicable'],
  );
  assert.match(results[0].reason, /retrain it/);
  assert.equal(multivariateSummary(results), 'Multivariate: not applicable.');
  assert.deepEqual(multivariateLines(undefined), []);
});
