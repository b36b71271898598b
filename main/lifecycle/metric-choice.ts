import type { PodiumConfig } from '../config/index.js';
import type { Task } from '../training/types.js';

const TASK_METRICS: Record<Task, string[]> = {
  binary: ['accuracy', 'precision', 'recall', 'f1_score', 'roc_auc', 'log_loss'],
  category: ['accuracy', 'precision', 'recall', 'f1_score', 'roc_auc', 'log_loss'],
  number: ['r2', 'rmse', 'mae', 'mape'],
};

const TASK_PRIMARY: Record<Task, string> = { binary: 'roc_auc', category: 'f1_score', number: 'r2' };

export type MetricChoice = {
  primary: string;
  evaluation: string[];
  /** Set when the configured metric does not apply to this task, to say so in the decision. */
  note: string | null;
};

/**
 * One config serves classification and regression models, so a configured metric that does
 * not exist for the task falls back to the task's usual one, and the decision says so.
 */
export function chooseMetrics(task: Task, settings: PodiumConfig['champion_challenger']): MetricChoice {
  const available = TASK_METRICS[task];
  const primaryApplies = available.includes(settings.primary_metric);
  const primary = primaryApplies ? settings.primary_metric : TASK_PRIMARY[task];
  const configured = settings.evaluation_metrics.filter((metric) => available.includes(metric));
  const evaluation = configured.length > 0 ? configured : available;
  if (!evaluation.includes(primary)) evaluation.unshift(primary);
  return {
    primary,
    evaluation,
    note: primaryApplies
      ? null
      : `The configured primary metric ${settings.primary_metric} does not apply to ${task} models; ${primary} is used instead.`,
  };
}
