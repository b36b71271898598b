import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { isPodiumError } from '../../main/contract/errors.js';
import { generateSampleData, loadTable } from '../../main/data/index.js';
import {
  REFERENCE_DISTRIBUTION_FILE,
  type ReferenceDistribution,
} from '../../main/monitoring/drift/index.js';
import { checkDrift } from '../../main/monitoring/drift-check.js';
import { driftColumns } from '../../main/monitoring/drift-columns.js';
import {
  multivariateDrift,
  REFERENCE_SAMPLE_FILE,
  type ReferenceSample,
  referenceSampleColumns,
} from '../../main/monitoring/multivariate/index.js';
import { SIGNATURE_FILE } from '../../main/training/index.js';
import type { ModelSignature } from '../../main/training/types.js';
import { type ApiFixture, apiFixtureWithChampion, sampleChampion } from '../api/api-fixture.js';

let fixture: ApiFixture;
let dir: string;

before(async () => {
  fixture = await apiFixtureWithChampion();
  dir = await mkdtemp(join(tmpdir(), 'podium-multivariate-worker-'));
});
after(async () => {
  await fixture.cleanup();
  await rm(dir, { recursive: true, force: true });
});

const champion = () => sampleChampion(fixture);

async function packageJson<T>(name: string): Promise<T> {
  return JSON.parse(await readFile(join(champion().packagePath, name), 'utf8')) as T;
}

test('the multivariate checks in their own thread give what they give in the drift thread, for a file and a stored dataset', async () => {
  // More rows than the current sample (5,000), so the seeded sample is what crosses threads.
  const file = join(dir, 'drift.csv');
  await writeFile(file, generateSampleData({ samples: 6000, drift: true, seed: 21 }));
  const { stores } = fixture.api.context;
  const fromFile = await checkDrift(fixture.workspace, stores, { version: champion(), source: { file } });
  assert.ok(fromFile.datasetId);
  const dataset = stores.datasets.get(fromFile.datasetId);
  assert.ok(dataset);
  const fromDataset = await checkDrift(fixture.workspace, stores, {
    version: champion(),
    source: { dataset },
  });

  // The same checks, computed here on the whole table the way the drift thread did before.
  const table = await loadTable(dataset.path, dataset.profile, dataset.dialect);
  const signature = await packageJson<ModelSignature>(SIGNATURE_FILE);
  const inThread = await multivariateDrift(
    await packageJson<ReferenceDistribution>(REFERENCE_DISTRIBUTION_FILE),
    referenceSampleColumns(await packageJson<ReferenceSample>(REFERENCE_SAMPLE_FILE), REFERENCE_SAMPLE_FILE),
    driftColumns(table, null, signature),
  );
  assert.equal(inThread.length, 2);
  assert.ok(inThread.every((check) => check.status !== 'not_applicable'));
  assert.deepEqual(fromFile.report.multivariate, inThread);
  assert.deepEqual(fromDataset.report.multivariate, inThread);
});

test('cancelling a drift check stops it, multivariate thread and all, with CANCELLED', async () => {
  const file = join(dir, 'cancelled.csv');
  await writeFile(file, generateSampleData({ samples: 1500, drift: true, seed: 22 }));
  const controller = new AbortController();
  const checking = checkDrift(fixture.workspace, fixture.api.context.stores, {
    version: champion(),
    source: { file },
    signal: controller.signal,
    onProgress: (progress) => {
      if (progress.step === 'scoring') controller.abort();
    },
  });
  await assert.rejects(checking, (error) => isPodiumError(error) && error.code === 'CANCELLED');
});
