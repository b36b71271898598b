import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FeatureDrift, StoredDriftReport } from '../../main/contract/index.js';
import {
  createDriftStore,
  datasetDriftTone,
  driftColours,
  driftOverTime,
  driftTone,
  featureBars,
  histogramOverlay,
} from '../../renderer/store/drift-store.js';
import { standInClient } from './stand-in-client.js';

function feature(name: string, status: FeatureDrift['status'], psi: number | null): FeatureDrift {
  return {
    name,
    kind: 'numeric',
    status,
    reason: `${name} reason`,
    decidedBy: 'effect_size',
    nReference: 100,
    nCurrent: 100,
    missingCurrent: 0,
    statistics: psi === null ? {} : { psi, ks: psi / 2 },
    histograms: { edges: [0, 10, 20, 30], reference: [0.5, 0.3, 0.2], current: [0.2, 0.3, 0.5] },
  };
}

test('statuses map to one colour each, the same as the status pills', () => {
  assert.equal(driftTone('ok'), 'ok');
  assert.equal(driftTone('warning'), 'warn');
  assert.equal(driftTone('drift'), 'bad');
  assert.equal(driftTone('not_applicable'), 'neutral');
  assert.equal(new Set(Object.values(driftColours)).size, 4);
});

test('bars read from worst to best: drifted first, then by effect size', () => {
  const bars = featureBars([
    feature('Temperature', 'ok', 0.02),
    feature('Fuel_Price', 'drift', 0.4),
    feature('CPI', 'warning', 0.15),
    feature('Holiday', 'not_applicable', null),
    feature('Unemployment', 'drift', 0.9),
  ]);
  assert.deepEqual(
    bars.map((bar) => [bar.name, bar.value, bar.colour]),
    [
      ['Unemployment', 0.9, driftColours.drift],
      ['Fuel_Price', 0.4, driftColours.drift],
      ['CPI', 0.15, driftColours.warning],
      ['Temperature', 0.02, driftColours.ok],
      ['Holiday', 0, driftColours.not_applicable],
    ],
  );
  assert.equal(bars[0]?.score?.name, 'psi');
});

test('histogram overlay labels numeric bins by their edges and categories by name', () => {
  assert.deepEqual(histogramOverlay(feature('x', 'ok', 0.1)), [
    { bin: '0–10', reference: 0.5, current: 0.2 },
    { bin: '10–20', reference: 0.3, current: 0.3 },
    { bin: '20–30', reference: 0.2, current: 0.5 },
  ]);
  const categorical: FeatureDrift = {
    ...feature('Type', 'ok', 0.1),
    kind: 'categorical',
    histograms: { categories: ['A', 'B'], reference: [0.6, 0.4], current: [0.5, 0.5] },
  };
  assert.deepEqual(
    histogramOverlay(categorical).map((row) => row.bin),
    ['A', 'B'],
  );
});

function stored(id: number, createdAt: string, share: number, features: FeatureDrift[]): StoredDriftReport {
  return {
    id,
    model: 'sales',
    version: 1,
    source: 'file',
    datasetId: 'abc',
    window: null,
    rows: 100,
    createdAt,
    report: {
      datasetDrift: share > 0.5,
      driftShare: share,
      driftedFeatures: Math.round(share * features.length),
      applicableFeatures: features.length,
      features,
      summary: 'summary',
    },
  };
}

test('drift over time is ordered by report time', () => {
  const rows = driftOverTime([
    stored(2, '2026-02-02T00:00:00.000Z', 0.5, []),
    stored(1, '2026-02-01T00:00:00.000Z', 0.1, []),
  ]);
  assert.deepEqual(
    rows.map((row) => row.driftShare),
    [0.1, 0.5],
  );
});

test('loading selects the worst feature, and checking a dataset keeps a selection that still exists', async () => {
  const features = [feature('CPI', 'warning', 0.15), feature('Fuel_Price', 'drift', 0.4)];
  const stand = standInClient({
    'drift.report': () => stored(1, '2026-02-01T00:00:00.000Z', 0.5, features),
    'drift.history': () => [],
  });
  const store = createDriftStore(stand.client);
  await store.getState().load();
  assert.equal(store.getState().selectedFeature, 'Fuel_Price');
  store.getState().selectFeature('CPI');
  await store.getState().check('abc');
  assert.equal(store.getState().selectedFeature, 'CPI');
  assert.deepEqual(
    stand.calls.filter((c) => c.name === 'drift.report').map((c) => c.input),
    [{}, { datasetId: 'abc' }],
  );
});

test('the headline badge warns when features drifted below the dataset threshold', () => {
  assert.equal(datasetDriftTone({ datasetDrift: true, driftedFeatures: 9 }), 'bad');
  assert.equal(datasetDriftTone({ datasetDrift: false, driftedFeatures: 6 }), 'warn');
  assert.equal(datasetDriftTone({ datasetDrift: false, driftedFeatures: 0 }), 'ok');
});
