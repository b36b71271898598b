import type { GuardResult } from '../../contract/index.js';
import { relativeDrop } from '../../monitoring/performance/index.js';
import type { RolloutSettings } from './settings.js';

/** What callers saw of the model since the promotion: requests, 5xx answers, latency p99. */
export type ServiceReading = { requests: number; errors: number; p99Ms: number | null };

/**
 * The primary metric of the new champion: its evaluation value and what live traffic shows,
 * realised from labels or estimated (CBPE); `observed` null with the reason when neither could be had.
 */
export type MetricReading = {
  metric: string;
  evaluated: number | null;
  observed: number | null;
  basis: 'realised' | 'cbpe' | null;
  /** Labelled requests (realised) or requests estimated over (CBPE). */
  observations: number;
  reason: string;
};

export type GuardReadings = {
  /** The gateway since the promotion; null when no service metrics were sampled (nothing serving). */
  service: ServiceReading | null;
  /** The gateway over as long a time before the promotion, under the previous champion. */
  before: ServiceReading | null;
  metric: MetricReading;
};

export type GuardLimits = Pick<
  RolloutSettings,
  'max5xxRate' | 'maxLatencyP99Ms' | 'maxLatencyP99Ratio' | 'maxMetricDrop' | 'minRequests'
>;

/**
 * Each guard's verdict on the readings. A guard with too little to go on says so (`no_verdict`)
 * rather than guessing: a champion is rolled back on evidence, never for want of it.
 */
export function evaluateGuards(readings: GuardReadings, limits: GuardLimits): GuardResult[] {
  return [
    errorRateGuard(readings.service, limits),
    latencyGuard(readings.service, limits),
    latencyRatioGuard(readings.service, readings.before, limits),
    metricGuard(readings.metric, limits),
  ];
}

/** The guards that tripped. */
export function breaches(guards: readonly GuardResult[]): GuardResult[] {
  return guards.filter((guard) => guard.verdict === 'breach');
}

/** A guard that cannot judge: no readings, or too few of them. */
function noVerdict(
  base: Pick<GuardResult, 'guard' | 'limit' | 'basis'>,
  service: ServiceReading | null,
  reason: string,
): GuardResult {
  return { ...base, verdict: 'no_verdict', value: null, observations: service?.requests ?? 0, reason };
}

function tooFew(service: ServiceReading | null, minRequests: number): string | null {
  if (service === null) return 'no service metrics since the promotion (is the model being served?)';
  if (service.requests < minRequests)
    return `too little traffic: ${service.requests} request(s) since the promotion, ${minRequests} needed`;
  return null;
}

function errorRateGuard(service: ServiceReading | null, limits: GuardLimits): GuardResult {
  const base = { guard: '5xx_rate', limit: limits.max5xxRate, basis: 'gateway' } as const;
  const lacking = tooFew(service, limits.minRequests);
  if (lacking !== null || service === null) return noVerdict(base, service, lacking!);
  const rate = service.errors / service.requests;
  const breach = rate > limits.max5xxRate;
  return {
    ...base,
    verdict: breach ? 'breach' : 'ok',
    value: rate,
    observations: service.requests,
    reason: `${service.errors} of ${service.requests} requests answered 5xx (${percent(rate)}); limit ${percent(limits.max5xxRate)}`,
  };
}

function latencyGuard(service: ServiceReading | null, limits: GuardLimits): GuardResult {
  const base = { guard: 'latency_p99', limit: limits.maxLatencyP99Ms, basis: 'gateway' } as const;
  if (limits.maxLatencyP99Ms === 0)
    return {
      ...base,
      verdict: 'off',
      value: null,
      observations: 0,
      reason: 'rollout.max_latency_p99_ms is 0',
    };
  const lacking = tooFew(service, limits.minRequests);
  if (lacking !== null || service === null) return noVerdict(base, service, lacking!);
  if (service.p99Ms === null)
    return {
      ...base,
      verdict: 'no_verdict',
      value: null,
      observations: service.requests,
      reason: 'the gateway reported no latency histogram',
    };
  const breach = service.p99Ms > limits.maxLatencyP99Ms;
  return {
    ...base,
    verdict: breach ? 'breach' : 'ok',
    value: service.p99Ms,
    observations: service.requests,
    reason: `p99 ${ms(service.p99Ms)} over ${service.requests} requests; limit ${ms(limits.maxLatencyP99Ms)}`,
  };
}

function latencyRatioGuard(
  service: ServiceReading | null,
  before: ServiceReading | null,
  limits: GuardLimits,
): GuardResult {
  const base = { guard: 'latency_p99_ratio', limit: limits.maxLatencyP99Ratio, basis: 'gateway' } as const;
  if (limits.maxLatencyP99Ratio === 0)
    return {
      ...base,
      verdict: 'off',
      value: null,
      observations: 0,
      reason: 'rollout.max_latency_p99_ratio is 0',
    };
  const lacking = tooFew(service, limits.minRequests);
  if (lacking !== null || service === null || service.p99Ms === null)
    return {
      ...base,
      verdict: 'no_verdict',
      value: null,
      observations: service?.requests ?? 0,
      reason: lacking ?? 'the gateway reported no latency histogram',
    };
  if (before === null || before.requests < limits.minRequests || before.p99Ms === null || before.p99Ms <= 0)
    return {
      ...base,
      verdict: 'no_verdict',
      value: null,
      observations: service.requests,
      reason: `too little traffic before the promotion to compare with (${before?.requests ?? 0} request(s), ${limits.minRequests} needed)`,
    };
  const ratio = service.p99Ms / before.p99Ms;
  return {
    ...base,
    verdict: ratio > limits.maxLatencyP99Ratio ? 'breach' : 'ok',
    value: ratio,
    observations: service.requests,
    reason: `p99 ${ms(service.p99Ms)} against ${ms(before.p99Ms)} under the previous champion (×${ratio.toFixed(2)}); limit ×${limits.maxLatencyP99Ratio}`,
  };
}

function metricGuard(reading: MetricReading, limits: GuardLimits): GuardResult {
  const base = { guard: 'primary_metric', limit: limits.maxMetricDrop, basis: reading.basis } as const;
  if (reading.observed === null || reading.evaluated === null)
    return {
      ...base,
      verdict: 'no_verdict',
      value: null,
      observations: reading.observations,
      reason: reading.reason,
    };
  const drop = relativeDrop(reading.metric, reading.evaluated, reading.observed);
  const how = reading.basis === 'cbpe' ? 'estimated (CBPE)' : 'realised';
  return {
    ...base,
    verdict: drop > limits.maxMetricDrop ? 'breach' : 'ok',
    value: drop,
    observations: reading.observations,
    reason: `${reading.metric} ${how} ${reading.observed.toPrecision(3)} on ${reading.observations} requests against ${reading.evaluated.toPrecision(3)} at evaluation (${drop > 0 ? `${percent(drop)} worse` : 'no worse'}); limit ${percent(limits.maxMetricDrop)} worse`,
  };
}

function percent(share: number): string {
  return `${(100 * share).toFixed(1)}%`;
}

function ms(value: number): string {
  return `${value.toFixed(value >= 100 ? 0 : 1)} ms`;
}
