import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRandom } from '../../main/common/random.js';
import { isPodiumError } from '../../main/contract/errors.js';
import {
  betaBinomialEvidence,
  confidenceSequence,
  mixtureRho,
  normalCdf,
  oneSidedMixtureZ,
  type ShadowVerdictInput,
  shadowFinalVerdict,
  shadowVerdict,
} from '../../main/lifecycle/shadow-stats/index.js';

const ALPHA = 0.05;

/** Binomial margin for a rate estimated from `trials` runs: α + 3·√(α(1 − α)/N). */
function ceiling(trials: number, alpha = ALPHA): number {
  return alpha + 3 * Math.sqrt((alpha * (1 - alpha)) / trials);
}

/** A summary with the given mean and sd (n − 1 denominator) after n pairs. */
function summary(n: number, mean: number, sd: number): { n: number; sum: number; sumSquares: number } {
  return { n, sum: n * mean, sumSquares: (n - 1) * sd * sd + n * mean * mean };
}

test('the one-sided boundary is where the half-normal mixture martingale reaches 1/α', () => {
  for (const [n, rho, alpha] of [
    [100, 79, 0.05],
    [1000, 79, 0.05],
    [5000, 500, 0.01],
  ]) {
    const z = oneSidedMixtureZ(n, rho, alpha);
    // M⁺ = 2√(ρ/(n+ρ)) exp(z²/2) Φ(z) at S = z√(n+ρ).
    const m = 2 * Math.sqrt(rho / (n + rho)) * Math.exp((z * z) / 2) * normalCdf(z);
    assert.ok(Math.abs(m * alpha - 1) < 1e-10, `M = ${m}`);
  }
  // Values checked against direct numerical integration over λ (scipy.integrate.quad).
  assert.ok(Math.abs(oneSidedMixtureZ(100, 79, 0.05) - 2.332992463203936) < 1e-10);
});

test('ρ is tuned so the one-sided width is (near) smallest at n*', () => {
  const nStar = 2000;
  const rho = mixtureRho(nStar, ALPHA, 1);
  const width = (r: number) => confidenceSequence({ ...summary(nStar, 0, 1), nStar: r }).upper;
  const tuned = confidenceSequence({ ...summary(nStar, 0, 1), nStar }).upper;
  for (const factor of [0.25, 0.5, 2, 4]) assert.ok(tuned <= width(nStar * factor) + 1e-12);
  assert.ok(rho > 0);
});

test('the two-sided interval is wider than the one-sided bounds and matches Waudby-Smith et al. eq. (5)', () => {
  const cs = confidenceSequence({ ...summary(400, 0.1, 2), nStar: 1000 });
  assert.ok(cs.twoSided.lower < cs.lower && cs.twoSided.upper > cs.upper);
  const rho = mixtureRho(1000, ALPHA, 2);
  const t = 400;
  const rhoWs = 1 / Math.sqrt(rho); // their ρ² = 1/ρ here
  const half =
    2 *
    Math.sqrt(
      ((2 * (t * rhoWs ** 2 + 1)) / (t * t * rhoWs ** 2)) * Math.log(Math.sqrt(t * rhoWs ** 2 + 1) / ALPHA),
    );
  assert.ok(Math.abs(cs.twoSided.upper - cs.twoSided.lower - 2 * half) < 1e-12);
});

test('coverage: streams with mean 0 monitored after every pair rarely ever exclude 0', () => {
  const trials = 1000;
  const nMax = 4000;
  const random = createRandom(20240601);
  for (const kind of ['normal', 'binary'] as const) {
    let twoSidedMisses = 0;
    let lowerMisses = 0;
    for (let trial = 0; trial < trials; trial++) {
      let sum = 0;
      let sumSquares = 0;
      let missedTwo = false;
      let missedLower = false;
      for (let n = 1; n <= nMax && !(missedTwo && missedLower); n++) {
        // binary: d ∈ {−1, 0, 1} with 8% each way, like two 80%-accurate models with phi 0.5.
        const u = kind === 'normal' ? random.normal() : random.next();
        const d = kind === 'normal' ? u : u < 0.08 ? 1 : u < 0.16 ? -1 : 0;
        sum += d;
        sumSquares += d * d;
        if (n < 30) continue;
        const cs = confidenceSequence({ n, sum, sumSquares, nStar: 1000 });
        if (cs.twoSided.lower > 0 || cs.twoSided.upper < 0) missedTwo = true;
        if (cs.lower > 0) missedLower = true;
      }
      if (missedTwo) twoSidedMisses++;
      if (missedLower) lowerMisses++;
    }
    assert.ok(twoSidedMisses / trials <= ceiling(trials), `${kind} two-sided: ${twoSidedMisses / trials}`);
    assert.ok(lowerMisses / trials <= ceiling(trials), `${kind} lower: ${lowerMisses / trials}`);
  }
});

test('the beta-binomial mixture equals its integral definition (scipy.integrate.quad)', () => {
  const check = (b: number, c: number, a: number, forChallenger: number, against: number) => {
    const e = betaBinomialEvidence({ b, c, a });
    assert.ok(Math.abs(e.forChallenger / forChallenger - 1) < 1e-11, `${e.forChallenger}`);
    assert.ok(Math.abs(e.againstChallenger / against - 1) < 1e-11, `${e.againstChallenger}`);
  };
  check(10, 25, 2, 12.602792037520828, 0.08790187092790248);
  check(3, 1, 0.5, 0.2005868184216124, 1.0494131815783878);
  check(40, 70, 31, 16.689728092300122, 0.18142003176701757);
  assert.ok(Math.abs(betaBinomialEvidence({ b: 0, c: 0, a: 3 }).forChallenger - 1) < 1e-14);
});

const base: Omit<ShadowVerdictInput, 'n' | 'sum' | 'sumSquares'> = {
  margin: 0.02,
  alpha: ALPHA,
  minSamples: 200,
  nStar: 2000,
};

test('promote when the lower bound clears the margin, reject when the upper bound falls below it', () => {
  const promote = shadowVerdict({ ...base, ...summary(3000, 0.08, 0.4) });
  assert.equal(promote.decision, 'promote');
  assert.ok(promote.interval.lower > 0.02);
  assert.equal(promote.pairsNeeded, 0);

  const notByMargin = shadowVerdict({ ...base, ...summary(3000, -0.01, 0.4) });
  assert.equal(notByMargin.decision, 'reject');
  assert.ok(notByMargin.interval.upper < 0.02);

  // Better than the champion, but the data cannot tell whether by the margin.
  const open = shadowVerdict({ ...base, ...summary(3000, 0.02, 0.4) });
  assert.equal(open.decision, 'continue');
  assert.ok(open.interval.lower < 0.02 && open.interval.upper > 0.02);
  assert.equal(open.pairsNeeded, null);
  assert.equal(shadowFinalVerdict({ ...base, ...summary(3000, 0.02, 0.4) }).decision, 'inconclusive');
});

test('nothing decides before minSamples pairs', () => {
  const overwhelming = { ...base, n: 199, sum: 199, sumSquares: 199, b: 0, c: 199 };
  const verdict = shadowVerdict(overwhelming);
  assert.equal(verdict.decision, 'continue');
  assert.equal(verdict.pairsNeeded, 1);
  assert.equal(shadowFinalVerdict(overwhelming).decision, 'inconclusive');
  assert.equal(
    shadowVerdict({ ...overwhelming, n: 200, sum: 200, sumSquares: 200, c: 200 }).decision,
    'promote',
  );
});

test('pairsNeeded estimates when the bound would clear the margin at the observed effect', () => {
  const n = 300;
  const verdict = shadowVerdict({ ...base, ...summary(n, 0.05, 0.4) });
  assert.equal(verdict.decision, 'continue');
  const needed = verdict.pairsNeeded ?? 0;
  assert.ok(needed > 0);
  const later = (extra: number) => shadowVerdict({ ...base, ...summary(n + extra, 0.05, 0.4) }).decision;
  assert.equal(later(Math.ceil(needed * 1.01)), 'promote');
  assert.equal(later(Math.floor(needed * 0.95)), 'continue');
});

test('a run of ties does not collapse the classification interval', () => {
  const ties = shadowVerdict({ ...base, margin: 0, n: 400, sum: 0, sumSquares: 0, b: 0, c: 0 });
  assert.equal(ties.decision, 'continue');
  assert.ok(ties.interval.upper > 0 && ties.interval.lower < 0);
});

test('the beta-binomial method decides on discordant pairs at margin 0', () => {
  const input = { ...base, margin: 0, method: 'beta-binomial' as const };
  assert.equal(
    shadowVerdict({ ...input, n: 1000, sum: 60, sumSquares: 160, b: 50, c: 110 }).decision,
    'promote',
  );
  assert.equal(
    shadowVerdict({ ...input, n: 1000, sum: -60, sumSquares: 160, b: 110, c: 50 }).decision,
    'reject',
  );
  assert.equal(
    shadowVerdict({ ...input, n: 1000, sum: 4, sumSquares: 160, b: 78, c: 82 }).decision,
    'continue',
  );
});

test('inconsistent or out-of-range inputs are USAGE errors', () => {
  const good = { ...base, ...summary(500, 0.01, 0.3) };
  for (const bad of [
    { ...good, alpha: 0.7 },
    { ...good, margin: -0.1 },
    { ...good, minSamples: 1 },
    { ...good, nStar: 0 },
    { ...good, n: 2.5 },
    { ...base, n: 100, sum: 5, sumSquares: 10, b: 3, c: 7 },
    { ...base, n: 100, sum: 4, sumSquares: 10, b: 3 },
    { ...base, n: 100, sum: 4, sumSquares: 10, b: 3, c: 7, method: 'beta-binomial' as const },
  ]) {
    assert.throws(
      () => shadowVerdict(bad),
      (error: unknown) => isPodiumError(error) && error.code === 'USAGE',
    );
  }
});
