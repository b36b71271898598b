import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planShadowTest, simulateShadowTests } from '../../main/lifecycle/shadow-stats/index.js';

// The requirement: over at least 2,000 continuously monitored shadow tests, the false-
// promotion rate stays within the binomial margin of α: ≤ α + 3·√(α(1 − α)/N).
const ALPHA = 0.05;
const TRIALS = 2000;
const CEILING = ALPHA + 3 * Math.sqrt((ALPHA * (1 - ALPHA)) / TRIALS);

const settings = {
  binary: { margin: 0.02, baseline: 0.8 },
  number: { margin: 0.05, baseline: 1 },
} as const;

/** Fixed-horizon pairs for 80% power at twice the margin (the monitoring horizons are multiples). */
function fixedPairs(task: 'binary' | 'number'): number {
  const { margin, baseline } = settings[task];
  // planShadowTest takes number-task effects relative to the champion's MAE.
  const scale = task === 'binary' ? 1 : baseline;
  const plan = planShadowTest({ task, baseline, minEffect: (2 * margin) / scale, margin: margin / scale });
  return plan.fixedHorizonPairs;
}

for (const task of ['binary', 'number'] as const) {
  const common = {
    task,
    trials: TRIALS,
    alpha: ALPHA,
    minSamples: 200,
    maxPairs: 2 * fixedPairs(task),
    ...settings[task],
  };

  test(`${task}: false promotions at effect 0 stay within the binomial margin of α`, () => {
    const result = simulateShadowTests({ ...common, effect: 0, seed: 101 });
    assert.ok(
      result.false_promotion_rate !== null && result.false_promotion_rate <= CEILING,
      `${result.false_promotion_rate}`,
    );
    assert.equal(result.power, null);
  });

  test(`${task}: on the boundary (true gain = the margin) every promotion is false, still ≤ α`, () => {
    const result = simulateShadowTests({ ...common, effect: 1, seed: 202 });
    assert.ok(
      result.false_promotion_rate !== null && result.false_promotion_rate <= CEILING,
      `${result.false_promotion_rate}`,
    );
  });

  test(`${task}: with margin 0 and no true difference, promotions stay ≤ α`, () => {
    const scale = settings[task].margin;
    const result = simulateShadowTests({ ...common, margin: 0, effectScale: scale, effect: 0, seed: 303 });
    assert.ok(
      result.false_promotion_rate !== null && result.false_promotion_rate <= CEILING,
      `${result.false_promotion_rate}`,
    );
  });

  test(`${task}: power at twice the margin is high`, () => {
    const result = simulateShadowTests({
      ...common,
      trials: 500,
      effect: 2,
      seed: 404,
      maxPairs: 3 * fixedPairs(task),
    });
    assert.ok(result.power !== null && result.power >= 0.9, `${result.power}`);
    assert.ok(
      result.fixed_horizon_pairs !== null && result.mean_pairs_to_decision < 3 * result.fixed_horizon_pairs,
    );
  });
}

test('the beta-binomial method keeps false promotions ≤ α at margin 0', () => {
  const result = simulateShadowTests({
    task: 'binary',
    effect: 0,
    effectScale: 0.02,
    margin: 0,
    trials: TRIALS,
    seed: 505,
    minSamples: 200,
    maxPairs: 2000,
    method: 'beta-binomial',
  });
  assert.ok(
    result.false_promotion_rate !== null && result.false_promotion_rate <= CEILING,
    `${result.false_promotion_rate}`,
  );
});

test('simulations are reproducible from the seed', () => {
  const input = {
    task: 'number' as const,
    effect: 1.5,
    trials: 200,
    seed: 9,
    margin: 0.05,
    minSamples: 100,
    maxPairs: 3000,
  };
  assert.deepEqual(simulateShadowTests(input), simulateShadowTests(input));
  assert.notDeepEqual(simulateShadowTests(input), simulateShadowTests({ ...input, seed: 10 }));
});
