import type { PerformanceOverTime, PerformancePoint } from '../../contract/index.js';
import { inferClasses, realisedMetrics } from './encoding.js';
import {
  checkWindow,
  optionalIso,
  type PerformanceWindow,
  resolveTimeRange,
  type TimeInput,
} from './time-windows.js';
import { groupByVersionAndWindow, modelTaskOf, readTraffic, type TrafficSources } from './traffic.js';

export type { PerformanceOverTime, PerformancePoint };

export type VersionSeries = PerformanceOverTime['versions'][number];

export type PerformanceOverTimeOptions = {
  modelName: string;
  /** Versions to report; default every version with traffic in the range (champion and shadows). */
  versions?: readonly number[];
  window: PerformanceWindow;
  /** Half-open [from, to) on the request time (`prediction_log.created_at`). */
  from: TimeInput;
  to: TimeInput;
  /** Count only labels received by then; default every label stored now. */
  labelsAsOf?: TimeInput;
  /** Class order, when the caller has it from the model's signature; default inferred from the answers. */
  classes?: readonly string[];
};

/**
 * Realised live performance per version and window, from the traffic whose labels have arrived.
 * Champion and shadows answer the same requests, so their series are directly comparable.
 */
export function performanceOverTime(
  stores: TrafficSources,
  options: PerformanceOverTimeOptions,
): PerformanceOverTime {
  const window = checkWindow(options.window);
  const range = resolveTimeRange(options.from, options.to);
  const task = modelTaskOf(stores.versions, options.modelName);
  const rows = readTraffic(stores.traffic, {
    modelName: options.modelName,
    versions: options.versions,
    from: range.from,
    to: range.to,
    labelsAsOf: optionalIso(options.labelsAsOf, 'labelsAsOf'),
  });
  const classes = task === 'number' ? null : options.classes ? [...options.classes] : inferClasses(rows);
  const versions = groupByVersionAndWindow(rows, window, options.versions).map((traffic) => ({
    version: traffic.version,
    role: traffic.role,
    points: traffic.windows.map(({ windowStartMs, rows: windowRows }) => {
      const realised = realisedMetrics(task, classes ?? [], windowRows);
      return {
        windowStart: new Date(windowStartMs).toISOString(),
        requests: windowRows.length,
        labelled: realised.labelled,
        metrics: realised.metrics,
      };
    }),
  }));
  return { modelName: options.modelName, task, window, from: range.from, to: range.to, classes, versions };
}
