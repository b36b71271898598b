import type { PodiumConfig } from '../../config/index.js';
import { PodiumError } from '../../contract/errors.js';

/** The `rollout` config section as the guards use it: durations in milliseconds, 0 meaning off. */
export type RolloutSettings = {
  bakingPeriodMs: number;
  checkCron: string;
  max5xxRate: number;
  maxLatencyP99Ms: number;
  maxLatencyP99Ratio: number;
  maxMetricDrop: number;
  minRequests: number;
  minLabelled: number;
};

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90s", "30m", "1h", "1.5d" → milliseconds; `key` names the setting in the error. */
export function parseDuration(text: string, key: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match || Number(match[1]) <= 0) {
    throw new PodiumError(
      'CONFIG_INVALID',
      `${key}: "${text}" is not a duration; write a positive number and a unit (ms, s, m, h or d), e.g. 1h`,
      { key, value: text },
    );
  }
  return Math.round(Number(match[1]) * UNIT_MS[match[2]]);
}

export function readRolloutSettings(config: Pick<PodiumConfig, 'rollout'>): RolloutSettings {
  const section = config.rollout;
  return {
    bakingPeriodMs: parseDuration(section.baking_period, 'rollout.baking_period'),
    checkCron: section.check_cron.trim(),
    max5xxRate: section.max_5xx_rate,
    maxLatencyP99Ms: section.max_latency_p99_ms,
    maxLatencyP99Ratio: section.max_latency_p99_ratio,
    maxMetricDrop: section.max_metric_drop,
    minRequests: section.min_requests,
    minLabelled: section.min_labelled,
  };
}
