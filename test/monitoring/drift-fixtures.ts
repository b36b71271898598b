import assert from 'node:assert/strict';
import type { DriftColumn, DriftReport, FeatureDrift } from '../../main/monitoring/drift/index.js';

export const numeric = (name: string, values: Float64Array): DriftColumn => ({
  name,
  kind: 'numeric',
  values,
});

export const categorical = (name: string, values: (string | null)[]): DriftColumn => ({
  name,
  kind: 'categorical',
  values,
});

export const cycle = (n: number, labels: string[]) =>
  Array.from({ length: n }, (_, i) => labels[i % labels.length]);

/** Every number anywhere in the report is finite: no NaN, no ±Infinity (JSON would turn them into null). */
export function assertFinite(value: unknown, path = 'report'): void {
  if (typeof value === 'number') assert.ok(Number.isFinite(value), `${path} is ${value}`);
  else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) assertFinite(item, `${path}[${i}]`);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) assertFinite(item, `${path}.${key}`);
  } else if (value === undefined) assert.fail(`${path} is undefined`);
}

export const feature = (report: DriftReport, name: string): FeatureDrift => {
  const found = report.features.find((f) => f.name === name);
  assert.ok(found, `feature ${name}`);
  return found;
};

export function close(actual: number, expected: number): void {
  assert.ok(
    Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)),
    `${actual} vs ${expected}`,
  );
}
