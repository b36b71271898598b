import { defineOperation } from '../contract/define-operation.js';
import type { DomainHandlers, MetricHistory } from '../contract/index.js';
import type { RunStore } from './runs.js';

export function trackingHandlers(context: {
  stores: { runs: RunStore };
}): DomainHandlers<'runs.list' | 'runs.get' | 'runs.compare'> {
  const { runs } = context.stores;
  const history = (runId: string): MetricHistory => {
    const grouped: MetricHistory = {};
    for (const point of runs.metricHistory(runId)) {
      const points = grouped[point.key] ?? [];
      points.push({ step: point.step, value: point.value });
      grouped[point.key] = points;
    }
    return grouped;
  };
  return {
    'runs.list': defineOperation('runs.list', ({ experiment, limit }) => runs.list({ experiment, limit })),
    'runs.get': defineOperation('runs.get', ({ runId }) => ({
      run: runs.get(runId),
      history: history(runId),
      children: runs.list({ parentRunId: runId }),
    })),
    'runs.compare': defineOperation('runs.compare', ({ runIds }) => {
      const selected = runIds.map((id) => runs.get(id));
      const paramKeys = [...new Set(selected.flatMap((run) => Object.keys(run.params)))].sort();
      const metricKeys = [...new Set(selected.flatMap((run) => Object.keys(run.metrics)))].sort();
      return {
        runs: selected,
        paramKeys,
        metricKeys,
        histories: Object.fromEntries(selected.map((run) => [run.id, history(run.id)])),
      };
    }),
  };
}
