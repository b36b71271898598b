import { planShadowTest, simulateShadowTests } from '../main/lifecycle/shadow-stats/index.js';

/**
 * Operating characteristics of the shadow-test rule (always-valid confidence sequence, checked
 * after every pair) against a fixed-horizon one-sided paired test, by simulation. Figures, not
 * assertions: the tests assert the error-rate guarantees.
 */

const ALPHA = 0.05;
const TRIALS = 2000;
const MIN_SAMPLES = 200;
const EFFECTS = [0, 1, 2, 4];

const TASKS = [
  // 80%-accurate champion, margin 2 accuracy points, correctness phi 0.5 (16% discordant pairs).
  { task: 'binary' as const, baseline: 0.8, margin: 0.02, label: 'accuracy gain' },
  // Champion MAE 1, margin 5% of it, residual correlation 0.8 (sd(d) ≈ 0.68 × MAE).
  { task: 'number' as const, baseline: 1, margin: 0.05, label: 'MAE reduction' },
];

const fmt = (value: number | null, digits = 0): string => (value === null ? '—' : value.toFixed(digits));

export async function benchShadow(): Promise<string> {
  const lines = [
    '## Shadow test: sequential decisions vs a fixed horizon',
    '',
    `${TRIALS} simulated shadow tests per row, α = ${ALPHA} one-sided, burn-in ${MIN_SAMPLES} pairs, decision checked after`,
    'every pair with `shadowVerdict`; effect = true mean of d in multiples of the margin (1× sits on the',
    'promotion boundary, so there every promotion is false). Monitoring stops at 4× the fixed-horizon pairs',
    'planned for 2× the margin; n* is set from that design, not from the true effect. Fixed-horizon pairs: a',
    'single look at α with 80% power at the true effect.',
    '',
    '| task | effect | true gain | promote | reject | inconclusive | mean pairs to decision | mean pairs to promote | fixed-horizon pairs | seconds |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const setting of TASKS) {
    const scale = setting.task === 'binary' ? 1 : setting.baseline;
    const design = planShadowTest({
      task: setting.task,
      baseline: setting.baseline,
      minEffect: (2 * setting.margin) / scale,
      margin: setting.margin / scale,
      alpha: ALPHA,
      minSamples: MIN_SAMPLES,
    });
    for (const effect of EFFECTS) {
      const start = process.hrtime.bigint();
      const result = simulateShadowTests({
        task: setting.task,
        effect,
        trials: TRIALS,
        seed: 1000 + effect,
        alpha: ALPHA,
        margin: setting.margin,
        baseline: setting.baseline,
        minSamples: MIN_SAMPLES,
        maxPairs: 4 * design.fixedHorizonPairs,
        nStar: design.nStar,
      });
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const promote =
        result.false_promotion_rate !== null
          ? `${fmt(result.promote_rate, 4)} (false)`
          : `${fmt(result.promote_rate, 4)} (power)`;
      lines.push(
        `| ${setting.task} | ${effect}× | ${fmt(result.true_mean, 3)} ${setting.label} | ${promote} | ${fmt(result.reject_rate, 4)} | ${fmt(result.inconclusive_rate, 4)} | ${fmt(result.mean_pairs_to_decision)} | ${fmt(result.mean_pairs_to_promotion)} | ${fmt(result.fixed_horizon_pairs)} | ${seconds.toFixed(1)} |`,
      );
    }
    lines.push(
      `| ${setting.task} | plan at 2× | | | | | planned sequential ${design.sequentialPairs} | | ${design.fixedHorizonPairs} | |`,
    );
  }
  const ceiling = ALPHA + 3 * Math.sqrt((ALPHA * (1 - ALPHA)) / TRIALS);
  lines.push(
    '',
    `False-promotion ceiling for ${TRIALS} trials: α + 3·√(α(1−α)/N) = ${ceiling.toFixed(4)}.`,
    '',
  );
  return lines.join('\n');
}
