import { PodiumError } from '../../contract/errors.js';
import type { PerformanceDrop } from '../../contract/index.js';
import { METRIC_DIRECTION, metricNamesFor } from '../../training/index.js';
import type { Task } from '../../training/types.js';
import { inferClasses, metricInputs, realisedMetrics } from './encoding.js';
import {
  checkWindow,
  optionalIso,
  type PerformanceWindow,
  type TimeInput,
  toEpochMs,
  WINDOW_MS,
  windowStartOf,
} from './time-windows.js';
import {
  groupByVersionAndWindow,
  type LoggedPrediction,
  readTraffic,
  type TrafficSources,
} from './traffic.js';

export type { PerformanceDrop };

export type PerformanceDropOptions = {
  modelName: string;
  /** Relative worsening of the metric that counts as a drop (config `performance_drop_threshold`). */
  threshold?: number;
  /** Labelled requests needed before the live metric is trusted. */
  minLabelled?: number;
  window: PerformanceWindow;
  /** The moment of the check, from the injected clock. */
  now: TimeInput;
  /** The metric to watch; default the task's primary metric (roc_auc, f1_score, r2). */
  metric?: string;
  /** How many windows back (including the current one) labels are gathered. */
  lookbackWindows?: number;
  /** Count only labels received by then; default `now`, so a replayed check sees what was known. */
  labelsAsOf?: TimeInput;
};

export type PerformanceDropStatus = PerformanceDrop['status'];

/** The metric lifecycle decisions use when the config names none that applies (see chooseMetrics). */
const TASK_PRIMARY: Record<Task, string> = { binary: 'roc_auc', category: 'f1_score', number: 'r2' };

const DEFAULT_LOOKBACK: Record<PerformanceWindow, number> = { hour: 168, day: 30 };

const METRIC_LABELS: Record<string, string> = {
  r2: 'R²',
  rmse: 'RMSE',
  mae: 'MAE',
  mape: 'MAPE',
  mse: 'MSE',
  roc_auc: 'ROC AUC',
  f1_score: 'F1',
  log_loss: 'log loss',
  accuracy: 'accuracy',
  precision: 'precision',
  recall: 'recall',
};

/**
 * How much worse `observed` is than `evaluated`, relative to |evaluated|: (evaluated − observed)
 * for higher-is-better metrics such as R² or ROC AUC, (observed − evaluated) for lower-is-better
 * ones such as RMSE. A reference of 0 has no relative scale; the absolute change stands in.
 * Negative when the live metric is better.
 */
export function relativeDrop(metric: string, evaluated: number, observed: number): number {
  const direction = METRIC_DIRECTION[metric] ?? 'higher';
  const worsening = direction === 'higher' ? evaluated - observed : observed - evaluated;
  const scale = Math.abs(evaluated);
  return scale > 1e-12 ? worsening / scale : worsening;
}

/** The decision alone, for callers that already hold the numbers. */
export function isPerformanceDrop(input: {
  metric: string;
  evaluated: number;
  observed: number;
  threshold: number;
}): boolean {
  return relativeDrop(input.metric, input.evaluated, input.observed) > input.threshold;
}

function checkOptions(options: PerformanceDropOptions, task: Task) {
  const threshold = options.threshold ?? 0.05;
  if (!(Number.isFinite(threshold) && threshold > 0)) {
    throw new PodiumError('USAGE', `threshold must be a positive number, not ${threshold}`, {
      field: 'threshold',
    });
  }
  const minLabelled = options.minLabelled ?? 100;
  if (!(Number.isInteger(minLabelled) && minLabelled >= 1)) {
    throw new PodiumError('USAGE', `minLabelled must be a positive integer, not ${minLabelled}`, {
      field: 'minLabelled',
    });
  }
  const window = checkWindow(options.window);
  const lookback = options.lookbackWindows ?? DEFAULT_LOOKBACK[window];
  if (!(Number.isInteger(lookback) && lookback >= 1)) {
    throw new PodiumError('USAGE', `lookbackWindows must be a positive integer, not ${lookback}`, {
      field: 'lookbackWindows',
    });
  }
  const metric = options.metric ?? TASK_PRIMARY[task];
  if (!metricNamesFor(task).includes(metric) || metric === 'loss') {
    throw new PodiumError('USAGE', `${metric} is not a metric of ${task} models`, {
      field: 'metric',
      value: metric,
      allowed: metricNamesFor(task).filter((name) => name !== 'loss'),
    });
  }
  return { threshold, minLabelled, window, lookback, metric };
}

/**
 * Has the champion's live performance fallen below what it showed at evaluation? Takes the
 * latest windows, newest first, until `minLabelled` labelled requests are pooled (within
 * `lookbackWindows`), computes the metric on them and compares it with the version's held-out
 * value. A drop beyond `threshold` is `dropped: true`; the caller raises the alert and starts
 * retraining. Synchronous and read-only.
 */
export function checkPerformanceDrop(
  stores: TrafficSources,
  options: PerformanceDropOptions,
): PerformanceDrop {
  const { versions } = stores;
  const model = versions.modelTask(options.modelName);
  if (!model)
    throw new PodiumError('NOT_FOUND', `No model named ${options.modelName}`, { model: options.modelName });
  const settings = checkOptions(options, model.task);
  const direction = METRIC_DIRECTION[settings.metric] ?? 'higher';
  const label = METRIC_LABELS[settings.metric] ?? settings.metric;
  const result = (
    fields: Partial<PerformanceDrop> & Pick<PerformanceDrop, 'status' | 'reason'>,
  ): PerformanceDrop => ({
    modelName: options.modelName,
    version: null,
    dropped: false,
    metric: settings.metric,
    direction,
    evaluated: null,
    observed: null,
    relativeDrop: null,
    threshold: settings.threshold,
    labelled: 0,
    minLabelled: settings.minLabelled,
    window: settings.window,
    from: null,
    to: null,
    windows: 0,
    ...fields,
  });

  const champion = versions.champion(options.modelName);
  if (!champion)
    return result({ status: 'no_champion', reason: `Model ${options.modelName} has no champion to check.` });
  const who = `champion v${champion.version} of ${options.modelName}`;
  const evaluated = champion.metrics[settings.metric];
  if (typeof evaluated !== 'number' || !Number.isFinite(evaluated)) {
    return result({
      version: champion.version,
      status: 'no_reference',
      reason: `The ${who} has no held-out ${label} to compare with.`,
    });
  }

  const nowMs = toEpochMs(options.now, 'now');
  const size = WINDOW_MS[settings.window];
  const start = windowStartOf(nowMs, settings.window) + size - settings.lookback * size;
  // Up to and including `now`: the current window counts as far as it has gone.
  const end = nowMs + 1;
  const rows = readTraffic(stores.traffic, {
    modelName: options.modelName,
    versions: [champion.version],
    from: new Date(start).toISOString(),
    to: new Date(end).toISOString(),
    labelsAsOf: optionalIso(options.labelsAsOf ?? new Date(nowMs), 'labelsAsOf'),
  });
  const classes = model.task === 'number' ? [] : inferClasses(rows);
  const windows = groupByVersionAndWindow(rows, settings.window)[0]?.windows ?? [];

  // Newest first: pool whole windows until enough labels, so the read is as recent as it can be.
  const pooled: LoggedPrediction[] = [];
  let used = 0;
  let labelled = 0;
  let fromMs = end;
  for (let w = windows.length - 1; w >= 0 && labelled < settings.minLabelled; w--) {
    pooled.push(...windows[w].rows);
    labelled += metricInputs(model.task, classes, windows[w].rows).labelled;
    fromMs = windows[w].windowStartMs;
    used++;
  }
  if (labelled < settings.minLabelled) {
    return result({
      version: champion.version,
      status: 'insufficient_labels',
      evaluated,
      labelled,
      reason: `Only ${labelled} labelled predictions of the ${who} in the last ${settings.lookback} ${settings.window}s; ${settings.minLabelled} are needed to judge its ${label}.`,
    });
  }
  const realised = realisedMetrics(model.task, classes, pooled);
  const observed = realised.metrics[settings.metric];
  const basis = {
    version: champion.version,
    evaluated,
    labelled: realised.labelled,
    from: new Date(fromMs).toISOString(),
    to: new Date(nowMs).toISOString(),
    windows: used,
  };
  const where = `${realised.labelled} labelled predictions since ${basis.from}`;
  if (observed === undefined) {
    return result({
      ...basis,
      status: 'undefined_metric',
      reason: `${capitalise(label)} is undefined on the ${where} of the ${who} (e.g. only one class among the labels).`,
    });
  }
  const drop = relativeDrop(settings.metric, evaluated, observed);
  const dropped = drop > settings.threshold;
  const moved = observed < evaluated ? 'fell from' : observed > evaluated ? 'rose from' : 'stayed at';
  const verdict = dropped
    ? `${percent(drop)} worse, more than the ${percent(settings.threshold)} threshold.`
    : `${drop > 0 ? `${percent(drop)} worse` : 'no worse'}, within the ${percent(settings.threshold)} threshold.`;
  return result({
    ...basis,
    status: dropped ? 'dropped' : 'ok',
    dropped,
    observed,
    relativeDrop: drop,
    reason: `${capitalise(label)} of the ${who} ${moved} ${format(evaluated)} at evaluation${observed === evaluated ? '' : ` to ${format(observed)}`} on the ${where}: ${verdict}`,
  });
}

function percent(share: number): string {
  return `${(100 * share).toFixed(1)}%`;
}

function format(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(1) : value.toPrecision(3);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
