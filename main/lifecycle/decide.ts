import { metricText } from '../common/metric-text.js';
import type { PodiumConfig } from '../config/index.js';
import type { DecisionOutcome, DecisionThresholds, MetricComparison } from '../contract/index.js';
import { METRIC_DIRECTION } from '../training/index.js';
import type { Task } from '../training/types.js';
import { chooseMetrics } from './metric-choice.js';

// One definition, in the contract the UI reads: the lifecycle speaks the same words.
export type { DecisionOutcome, MetricComparison };

export type Verdict = {
  outcome: DecisionOutcome;
  primaryMetric: string;
  comparisons: MetricComparison[];
  thresholds: Required<
    Pick<DecisionThresholds, 'championThreshold' | 'maxMetricRegression' | 'shadowTesting' | 'autoPromotion'>
  >;
  reasons: string[];
  summary: string;
};

function relativeImprovement(champion: number, challenger: number, direction: 'higher' | 'lower'): number {
  const gain = direction === 'higher' ? challenger - champion : champion - challenger;
  const scale = Math.abs(champion);
  // A champion at exactly 0 (e.g. r2 = 0) has no relative scale: use the absolute gain.
  return scale > 1e-12 ? gain / scale : gain;
}

const format = metricText;
const percent = (value: number): string => `${(value * 100).toFixed(1)}%`;

/**
 * The champion/challenger rule, as a pure function of two metric sets measured on the same
 * held-out rows. Kept free of I/O so every branch is tested directly.
 */
export function decide(input: {
  task: Task;
  champion: Record<string, number>;
  challenger: Record<string, number>;
  settings: PodiumConfig['champion_challenger'];
}): Verdict {
  const { settings } = input;
  const choice = chooseMetrics(input.task, settings);
  const comparisons: MetricComparison[] = [];
  for (const metric of choice.evaluation) {
    const champion = input.champion[metric];
    const challenger = input.challenger[metric];
    if (!Number.isFinite(champion) || !Number.isFinite(challenger)) continue;
    const direction = METRIC_DIRECTION[metric] ?? 'higher';
    const improvement = relativeImprovement(champion, challenger, direction);
    comparisons.push({
      metric,
      direction,
      champion,
      challenger,
      relativeImprovement: improvement,
      primary: metric === choice.primary,
      regressed: metric !== choice.primary && improvement < -settings.max_metric_regression,
    });
  }
  const thresholds = {
    championThreshold: settings.champion_threshold,
    maxMetricRegression: settings.max_metric_regression,
    shadowTesting: settings.shadow_testing,
    autoPromotion: settings.auto_promotion,
  };
  const reasons: string[] = choice.note ? [choice.note] : [];
  const primary = comparisons.find((comparison) => comparison.primary);
  if (!primary) {
    reasons.push(
      `The primary metric ${choice.primary} could not be computed for both models, so the champion stays.`,
    );
    return {
      outcome: 'keep_champion',
      primaryMetric: choice.primary,
      comparisons,
      thresholds,
      reasons,
      summary: reasons.at(-1)!,
    };
  }
  const primarySentence = `${choice.primary}: challenger ${format(primary.challenger)} vs champion ${format(primary.champion)} (${primary.relativeImprovement >= 0 ? '+' : ''}${percent(primary.relativeImprovement)} relative; threshold ${percent(settings.champion_threshold)}).`;
  reasons.push(primarySentence);
  const regressions = comparisons.filter((comparison) => comparison.regressed);
  for (const regression of regressions) {
    reasons.push(
      `${regression.metric} is worse: challenger ${format(regression.challenger)} vs champion ${format(regression.champion)} (${percent(-regression.relativeImprovement)} worse; at most ${percent(settings.max_metric_regression)} allowed).`,
    );
  }

  let outcome: DecisionOutcome;
  let summary: string;
  if (regressions.length > 0) {
    outcome = 'keep_champion';
    summary = `Keep the champion: the challenger is worse on ${regressions.map((r) => r.metric).join(', ')} by more than the allowed ${percent(settings.max_metric_regression)}.`;
  } else if (primary.relativeImprovement < settings.champion_threshold) {
    outcome = 'keep_champion';
    summary = `Keep the champion: the challenger improves ${choice.primary} by ${percent(primary.relativeImprovement)}, below the ${percent(settings.champion_threshold)} threshold.`;
  } else if (settings.shadow_testing) {
    outcome = 'start_shadow';
    summary = `Start a shadow test: the challenger improves ${choice.primary} by ${percent(primary.relativeImprovement)} (threshold ${percent(settings.champion_threshold)}); it runs beside the champion on live traffic for up to ${settings.shadow_mode_duration} days before promotion.`;
  } else if (settings.auto_promotion) {
    outcome = 'promote';
    summary = `Promote the challenger: it improves ${choice.primary} by ${percent(primary.relativeImprovement)} (threshold ${percent(settings.champion_threshold)}), shadow testing is off and auto-promotion is on.`;
  } else {
    outcome = 'awaiting_approval';
    summary = `The challenger improves ${choice.primary} by ${percent(primary.relativeImprovement)} (threshold ${percent(settings.champion_threshold)}); auto-promotion is off, so promotion waits for approval.`;
  }
  reasons.push(summary);
  return { outcome, primaryMetric: choice.primary, comparisons, thresholds, reasons, summary };
}
