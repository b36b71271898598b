import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { generateSampleData } from '../../main/data/index.js';
import { type ApiFixture, apiFixtureWithChampion } from '../api/api-fixture.js';
import { SAMPLE_MODEL } from '../helpers/workspace.js';

let fixture: ApiFixture;
before(async () => {
  fixture = await apiFixtureWithChampion();
});
after(async () => {
  await fixture?.cleanup();
});

/**
 * New rows of the same process (the generated drift file would not do: it also changes how the
 * label follows the features, concept drift, which CBPE by design cannot see).
 */
test("a classifier's estimate on a stored dataset is CBPE calibrated on its held-out rows, near the realised accuracy", async () => {
  const fresh = await fixture.client.send('data.ingest', {
    fileName: 'fresh.csv',
    csvText: generateSampleData({ samples: 3000, drift: false, seed: 8 }),
  });
  const estimate = await fixture.client.send('performance.estimate', {
    model: SAMPLE_MODEL,
    datasetId: fresh.id,
    attribution: true,
  });
  assert.equal(estimate.file, 'fresh.csv');
  assert.equal(estimate.rows, 3000);
  const accuracy = estimate.metrics.find((m) => m.metric === 'accuracy');
  assert.ok(accuracy, 'accuracy is estimated');
  assert.equal(accuracy.method, 'cbpe');
  assert.equal(accuracy.role, 'champion');
  assert.ok(accuracy.realised !== null && accuracy.reference !== null);
  assert.ok(
    Math.abs(accuracy.estimated - accuracy.realised) < 0.05,
    `estimated ${accuracy.estimated}, realised ${accuracy.realised}`,
  );
  assert.ok(estimate.metrics.some((m) => m.metric === 'f1_score'));
  // Attribution ranks every input column by the size of its effect on the estimated accuracy.
  assert.ok(estimate.attribution && estimate.attribution.length > 3);
  const sizes = estimate.attribution.map((a) => Math.abs(a.estimatedChange));
  assert.deepEqual(
    sizes,
    [...sizes].sort((a, b) => b - a),
  );
  assert.ok(estimate.attribution.every((a) => a.metric === 'accuracy'));
});
