import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ColumnProfile, Decision } from '../../main/contract/index.js';
import { createDataStore, missingShare, targetCandidates, taskFor } from '../../renderer/store/data-store.js';
import {
  createDecisionsStore,
  outcomeTone,
  shadowEvidenceOf,
  thresholdFor,
  thresholdsText,
} from '../../renderer/store/decisions-store.js';
import { shadowReport } from '../helpers/shadow-report.js';
import { standInClient } from './stand-in-client.js';

function decision(id: number, outcome: Decision['outcome']): Decision {
  return {
    id,
    modelName: 'churn',
    outcome,
    championVersion: 1,
    challengerVersion: 2,
    evaluationDatasetId: 'abc',
    evaluationRows: 500,
    metrics: {
      champion: { roc_auc: 0.8 },
      challenger: { roc_auc: 0.83 },
      comparisons: [],
      primaryMetric: 'roc_auc',
    },
    thresholds: { championThreshold: 0.01 },
    reasons: ['roc_auc improved by 3.75%'],
    summary: 'Promote v2',
    actor: 'analyst',
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

test('outcomes have one tone each and thresholds are found by metric or by the generic key', () => {
  assert.equal(outcomeTone('promote'), 'ok');
  assert.equal(outcomeTone('reject'), 'bad');
  assert.equal(outcomeTone('inconclusive'), 'warn');
  assert.equal(thresholdFor(decision(1, 'promote')), '0.01');
  assert.equal(thresholdFor({ ...decision(1, 'promote'), thresholds: {} }), null);
});

test('evaluate stores the new decision, selects it and refreshes the history', async () => {
  const history: Decision[] = [decision(1, 'keep_champion')];
  const stand = standInClient({
    'decisions.list': () => [...history],
    'decisions.evaluate': () => {
      const made = decision(2, 'start_shadow');
      history.unshift(made);
      return made;
    },
  });
  const store = createDecisionsStore(stand.client);
  await store.getState().load();
  assert.equal(store.getState().selectedId, 1);
  const made = await store.getState().evaluate('churn', 2);
  assert.equal(made?.id, 2);
  assert.equal(store.getState().selectedId, 2);
  assert.deepEqual(
    store.getState().decisions.data?.map((d) => d.id),
    [2, 1],
  );
  assert.equal(store.getState().lastMessage, 'Decision 2: Promote v2');
});

test('a refused promotion is kept with its code and nothing else changes', async () => {
  const stand = standInClient({
    'decisions.list': () => [decision(1, 'keep_champion')],
    'decisions.promote': () => ({ code: 'CONFLICT', message: 'v2 is not a challenger' }),
  });
  const store = createDecisionsStore(stand.client);
  await store.getState().load();
  const result = await store.getState().promote('churn', 2, 'better AUC');
  assert.equal(result, null);
  assert.deepEqual(store.getState().actionError, { code: 'CONFLICT', message: 'v2 is not a challenger' });
  assert.equal(store.getState().pending, null);
  assert.equal(stand.calls.filter((c) => c.name === 'decisions.list').length, 1);
});

function column(partial: Partial<ColumnProfile> & Pick<ColumnProfile, 'name' | 'type'>): ColumnProfile {
  return { count: 90, missing: 10, distinct: 50, ...partial };
}

test('targets are columns a model can predict, as classification or regression', () => {
  const columns = [
    column({ name: 'Weekly_Sales', type: 'numeric' }),
    column({ name: 'Churned', type: 'binary', distinct: 2 }),
    column({ name: 'Rating', type: 'integer', distinct: 5 }),
    column({ name: 'Date', type: 'date' }),
    column({ name: 'Constant', type: 'numeric', distinct: 1 }),
    column({ name: 'Notes', type: 'text' }),
  ];
  const candidates = targetCandidates(columns);
  assert.deepEqual(
    candidates.map((c) => [c.name, taskFor(c)]),
    [
      ['Weekly_Sales', 'regression'],
      ['Churned', 'classification'],
      ['Rating', 'classification'],
    ],
  );
  assert.equal(missingShare(columns[0] as ColumnProfile), 0.1);
});

test('an upload that fails keeps the file name and error; one that works selects the new dataset', async () => {
  const received = new Map<string, string>();
  const stand = standInClient({
    'data.uploadStart': ({ fileName }) => {
      received.set(fileName, '');
      return { uploadId: fileName, chunkBytes: 1 << 20 };
    },
    'data.uploadChunk': ({ uploadId, base64 }) => {
      received.set(uploadId, (received.get(uploadId) ?? '') + Buffer.from(base64, 'base64').toString());
      return { received: (received.get(uploadId) ?? '').length, bytes: 0 };
    },
    'data.uploadFinish': ({ uploadId }) => {
      const csvText = received.get(uploadId) ?? '';
      return csvText.includes('"unclosed')
        ? { code: 'CSV_INVALID', message: `${uploadId}: line 3: unclosed quote` }
        : {
            id: 'f00d',
            sourceName: uploadId,
            bytes: csvText.length,
            rows: 2,
            columns: 2,
            createdAt: '2026-01-01T00:00:00.000Z',
            profile: { rows: 2, columns: [] },
            dialect: { delimiter: ',', decimal: '.', dateFormats: {} },
          };
    },
    'data.list': () => [],
  });
  const store = createDataStore(stand.client);
  await store.getState().uploadFile(new File(['a,b\n1,2\n"unclosed,3\n'], 'bad.csv'));
  const failed = store.getState().upload;
  assert.equal(failed.status, 'failed');
  assert.equal(failed.status === 'failed' ? failed.error.code : null, 'CSV_INVALID');
  assert.equal(failed.status === 'failed' ? failed.fileName : null, 'bad.csv');

  await store.getState().uploadFile(new File(['a,b\n1,2\n3,4\n'], 'good.csv'));
  assert.deepEqual(store.getState().upload, { status: 'done', fileName: 'good.csv', datasetId: 'f00d' });
  assert.equal(store.getState().selectedId, 'f00d');
  assert.equal(store.getState().dataset.data?.sourceName, 'good.csv');
});

test('a decision a shadow test made carries its live evidence; a held-out one carries none', () => {
  const held = decision(1, 'promote');
  assert.equal(shadowEvidenceOf(held), null);
  const shadow: Decision = {
    ...decision(2, 'promote'),
    metrics: {
      champion: { mae: 112320.1 },
      challenger: { mae: 28203.5 },
      comparisons: [],
      primaryMetric: 'mae',
      shadowTest: shadowReport({
        status: 'completed',
        labelledPairs: 206,
        metric: 'mae',
        championValue: 112320.1,
        challengerValue: 28203.5,
        margin: 4701.4,
        interval: { lower: 55660.78, upper: 112572.38 },
        tests: { pairedT: { t: 9.6, df: 205, pGreater: 1e-18, pTwoSided: 2e-18 } },
      }),
    },
  };
  const evidence = shadowEvidenceOf(shadow);
  assert.deepEqual(
    { ...evidence, tests: undefined },
    {
      testId: 1,
      metric: 'mae',
      champion: 112320.1,
      challenger: 28203.5,
      labelledPairs: 206,
      interval: { lower: 55660.78, upper: 112572.38 },
      margin: 4701.4,
      tests: undefined,
    },
  );
  assert.ok(evidence?.tests !== undefined);
});

test('thresholds read as one line in the app number format', () => {
  assert.equal(
    thresholdsText({ championThreshold: 0.05, margin: 4701.408200584759, autoPromotion: true }),
    'champion threshold 0.05, margin 4,701, auto promotion true',
  );
});
