import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PodiumError } from '../../main/contract/errors.js';
import {
  buildReferenceDistribution,
  type CurrentData,
  detectDrift,
  detectDriftInWorker,
} from '../../main/monitoring/drift/index.js';

const G = 0.6180339887498949;
const H = 0.7548776662466927;
const weyl = (n: number, step: number, map: (x: number) => number) =>
  Float64Array.from({ length: n }, (_, k) => map(((k + 1) * step) % 1));

function currentData(): CurrentData {
  return {
    columns: [
      { name: 'a', kind: 'numeric', values: weyl(50_000, H, (x) => x * 1.1) },
      { name: 'b', kind: 'numeric', values: weyl(800, H, (x) => (x < 0.05 ? Number.NaN : x * 0.01)) },
      {
        name: 'c',
        kind: 'categorical',
        values: Array.from(
          weyl(5000, H, (x) => x),
          (x) => (x < 0.1 ? null : x < 0.5 ? 'p' : x < 0.95 ? 'q' : 'new'),
        ),
      },
    ],
    prediction: { kind: 'numeric', values: weyl(50_000, H, (x) => x * x) },
  };
}

const reference = buildReferenceDistribution(
  [
    { name: 'a', kind: 'numeric', values: weyl(100_000, G, (x) => x) },
    // 900 finite values out of 100,000: small enough for exact values and the exact KS p-value.
    { name: 'b', kind: 'numeric', values: weyl(100_000, G, (x) => (x < 0.009 ? x : Number.NaN)) },
    {
      name: 'c',
      kind: 'categorical',
      values: Array.from(
        weyl(100_000, G, (x) => x),
        (x) => (x < 0.5 ? 'p' : 'q'),
      ),
    },
  ],
  { kind: 'numeric', values: weyl(100_000, G, (x) => x * x) },
);

test('the worker path returns exactly the in-thread report', async () => {
  const inThread = detectDrift(reference, currentData(), { correction: 'bonferroni' });
  const inWorker = await detectDriftInWorker(reference, currentData(), { correction: 'bonferroni' });
  assert.deepEqual(inWorker, inThread);
  assert.equal(inWorker.features.length, 3);
  assert.ok(inWorker.prediction);
});

test('numeric buffers are transferred, not copied; a view on a shared buffer is copied first', async () => {
  const { columns, prediction } = currentData();
  const whole = columns[0].values as Float64Array;
  const backing = weyl(2000, H, (x) => x * 0.01);
  const view = backing.subarray(1000);
  const report = await detectDriftInWorker(reference, {
    columns: [columns[0], { name: 'b', kind: 'numeric', values: view }, columns[2]],
    prediction,
  });
  assert.equal(whole.length, 0, 'the whole-buffer column was transferred (detached)');
  assert.equal(view.length, 1000, 'the view kept its data');
  assert.equal(report.features[1].nCurrent, 1000);
});

test('the caller’s thread stays free while the worker computes', async () => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  const big = {
    columns: [{ name: 'a', kind: 'numeric' as const, values: weyl(2_000_000, H, (x) => x) }],
  };
  await detectDriftInWorker(reference, big);
  clearInterval(timer);
  assert.ok(ticks > 5, `event loop ticked ${ticks} times during the check`);
});

test('errors in the worker arrive as PodiumError with their code', async () => {
  await assert.rejects(
    detectDriftInWorker(reference, currentData(), { psiWarning: 0.5 }),
    (error: unknown) => error instanceof PodiumError && error.code === 'CONFIG_INVALID',
  );
  await assert.rejects(
    detectDriftInWorker(reference, { columns: [{ name: 'a', kind: 'numeric', values: ['1'] }] }),
    (error: unknown) => error instanceof PodiumError && error.code === 'DATA_INVALID',
  );
});
