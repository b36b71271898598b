import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPodiumError } from '../../main/contract/errors.js';
import {
  binaryPairModel,
  fixedHorizonPairs,
  marginFromThreshold,
  numberPairModel,
  planShadowTest,
} from '../../main/lifecycle/shadow-stats/index.js';

test('fixed-horizon pairs follow ((z₁₋α + z_power)·σ/δ)²', () => {
  // (1.6448536269514722 + 0.8416212335729143)² / 0.1² = 618.2557…
  assert.equal(fixedHorizonPairs({ effect: 0.1, margin: 0, sd: 1, alpha: 0.05, power: 0.8 }), 619);
  assert.equal(
    fixedHorizonPairs({ effect: 0.1, margin: 0.1, sd: 1, alpha: 0.05, power: 0.8 }),
    Number.POSITIVE_INFINITY,
  );
});

test('smaller effects need more pairs, for both tasks and both tests', () => {
  for (const task of ['binary', 'number'] as const) {
    const plans = [0.01, 0.02, 0.04].map((minEffect) => planShadowTest({ task, baseline: 0.8, minEffect }));
    for (let i = 1; i < plans.length; i++) {
      assert.ok(plans[i].fixedHorizonPairs < plans[i - 1].fixedHorizonPairs, task);
      assert.ok(plans[i].sequentialPairs < plans[i - 1].sequentialPairs, task);
    }
    // Halving the effect roughly quadruples the fixed-horizon pairs.
    const ratio = plans[0].fixedHorizonPairs / plans[1].fixedHorizonPairs;
    assert.ok(ratio > 3.5 && ratio < 4.5, `${task}: ${ratio}`);
    // Always-valid monitoring costs pairs over a single look, but not many multiples.
    for (const plan of plans) {
      assert.ok(
        plan.sequentialPairs > plan.fixedHorizonPairs && plan.sequentialPairs < 2 * plan.fixedHorizonPairs,
      );
    }
  }
});

test('days are pairs divided by the daily rate', () => {
  const plan = planShadowTest({ task: 'binary', baseline: 0.85, minEffect: 0.02, pairsPerDay: 250 });
  assert.equal(plan.fixedHorizonDays, plan.fixedHorizonPairs / 250);
  assert.equal(plan.sequentialDays, plan.sequentialPairs / 250);
  assert.equal(planShadowTest({ task: 'binary', baseline: 0.85, minEffect: 0.02 }).fixedHorizonDays, null);
});

test('the documented pair models: binary discordance and the folded-normal sd', () => {
  const binary = binaryPairModel(0.8, 0, 0.5);
  assert.ok(Math.abs(binary.discordance - 0.16) < 1e-12);
  assert.ok(Math.abs(binary.sd - 0.4) < 1e-12);
  const plan = planShadowTest({ task: 'binary', baseline: 0.8, minEffect: 0.04 });
  assert.ok(Math.abs(plan.sd - binaryPairModel(0.8, 0.04).sd) < 1e-15);
  // r = 0.8, equal MAEs: Var(d) = 2σ²(1 − (2/π)(√(1 − r²) + r·asin r)), σ = MAE·√(π/2).
  const sigma2 = Math.PI / 2;
  const expected = Math.sqrt(2 * sigma2 * (1 - (2 / Math.PI) * (0.6 + 0.8 * Math.asin(0.8))));
  assert.ok(Math.abs(numberPairModel(1, 0, 0.8).sd - expected) < 1e-12);
  // Relative effects for number tasks: 5% of an MAE of 12 is 0.6.
  const number = planShadowTest({ task: 'number', baseline: 12, minEffect: 0.05, sd: 3 });
  assert.equal(number.effect, 0.6000000000000001);
  assert.equal(number.sd, 3);
});

test('the margin comes from the relative champion_threshold', () => {
  assert.ok(Math.abs(marginFromThreshold({ championThreshold: 0.05, baseline: 0.8 }) - 0.04) < 1e-15);
  const withMargin = planShadowTest({ task: 'binary', baseline: 0.8, minEffect: 0.06, margin: 0.02 });
  const withoutMargin = planShadowTest({ task: 'binary', baseline: 0.8, minEffect: 0.04 });
  // Same distance from the margin, slightly different sd at the alternative.
  assert.ok(Math.abs(withMargin.fixedHorizonPairs / withoutMargin.fixedHorizonPairs - 1) < 0.05);
});

test('impossible plans are USAGE errors', () => {
  for (const input of [
    { task: 'binary' as const, baseline: 0.99, minEffect: 0.02 },
    { task: 'binary' as const, baseline: 0.8, minEffect: 0.02, margin: 0.03 },
    { task: 'number' as const, baseline: 1, minEffect: 1.2 },
    { task: 'number' as const, baseline: 1, minEffect: 0.1, pairsPerDay: 0 },
    { task: 'number' as const, baseline: 1, minEffect: 0.1, power: 1 },
  ]) {
    assert.throws(
      () => planShadowTest(input),
      (error: unknown) => isPodiumError(error) && error.code === 'USAGE',
    );
  }
});

test('an effect no finite number of pairs detects is refused naming minEffect, never answered as Infinity', () => {
  for (const input of [
    { task: 'binary' as const, baseline: 0.5, minEffect: 1e-9 },
    { task: 'number' as const, baseline: 1e-200, minEffect: 1e-200 },
  ]) {
    assert.throws(
      () => planShadowTest(input),
      (error: unknown) =>
        isPodiumError(error) && error.code === 'USAGE' && /no finite number of pairs/.test(error.message),
    );
  }
});
