import type { DriftColumn, ReferenceDistribution } from '../drift/index.js';
import { columnLength } from '../drift/reference.js';

/**
 * Rows as numbers both multivariate checks can use. A number becomes its z-score on the
 * reference's mean and standard deviation, a missing one the reference mean (z = 0) plus a
 * missing flag; a category becomes a one-hot over the reference's K most frequent values (rarer,
 * unseen and missing values are all zeros). Then every encoded column is standardised on the
 * reference sample, so a one-hot or a flag weighs as much as a number in the PCA (a correlation
 * PCA); a column constant in the reference keeps scale 1, so any current change of it is
 * residual.
 */
export const TOP_CATEGORIES = 10;
/** Encoded columns at most: the eigen solver is O(width³); wide categoricals get fewer one-hots. */
export const MAX_ENCODED_WIDTH = 400;

export type RowEncoder = {
  width: number;
  /** Per encoded column, the model input it came from. */
  sources: string[];
  /** The inputs encoded, in order. */
  columns: string[];
  /** The inputs left out, with why. */
  skipped: { name: string; reason: string }[];
  /** The given rows (all when null) as a row-major rows × width matrix. */
  encode(columns: readonly DriftColumn[], rows: Uint32Array | null): Float64Array;
};

type ColumnPlan =
  | { name: string; kind: 'numeric'; mean: number; scale: number }
  | { name: string; kind: 'categorical'; categories: string[] };

export function fitRowEncoder(
  reference: ReferenceDistribution,
  sample: readonly DriftColumn[],
  current: readonly DriftColumn[],
): RowEncoder {
  const sampled = new Map(sample.map((column) => [column.name, column]));
  const present = new Map(current.map((column) => [column.name, column]));
  const skipped: RowEncoder['skipped'] = [];
  const usable = reference.features.filter((feature) => {
    const stored = sampled.get(feature.name);
    const now = present.get(feature.name);
    if (!stored || stored.kind !== feature.kind) {
      skipped.push({ name: feature.name, reason: 'not in the reference sample' });
    } else if (!now) {
      skipped.push({ name: feature.name, reason: 'absent from the current data' });
    } else if (now.kind !== feature.kind) {
      skipped.push({ name: feature.name, reason: `type changed (${feature.kind} → ${now.kind})` });
    } else return true;
    return false;
  });
  const numericWidth = 2 * usable.filter((feature) => feature.kind === 'numeric').length;
  const categorical = usable.filter((feature) => feature.kind === 'categorical');
  let k = TOP_CATEGORIES;
  const widthAt = (top: number) =>
    numericWidth +
    categorical.reduce(
      (sum, feature) => sum + Math.min(top, feature.kind === 'categorical' ? feature.categories.length : 0),
      0,
    );
  while (k > 1 && widthAt(k) > MAX_ENCODED_WIDTH) k--;
  const plans: ColumnPlan[] = usable.map((feature) =>
    feature.kind === 'numeric'
      ? { name: feature.name, kind: 'numeric', mean: feature.mean, scale: feature.std > 0 ? feature.std : 1 }
      : {
          name: feature.name,
          kind: 'categorical',
          categories: feature.categories.slice(0, k).map((c) => c.value),
        },
  );
  const sources: string[] = [];
  for (const plan of plans) {
    if (plan.kind === 'numeric') sources.push(plan.name, plan.name);
    else for (const _ of plan.categories) sources.push(plan.name);
  }
  const width = sources.length;
  const raw = (columns: readonly DriftColumn[], rows: Uint32Array | null): Float64Array => {
    const byName = new Map(columns.map((column) => [column.name, column]));
    const first = byName.get(plans[0]?.name ?? '');
    const n = rows ? rows.length : first ? columnLength(first) : 0;
    const out = new Float64Array(n * width);
    let offset = 0;
    for (const plan of plans) {
      const column = byName.get(plan.name);
      if (!column) throw new Error(`column ${plan.name} missing from the rows to encode`);
      if (plan.kind === 'numeric') {
        const values = column.values as Float64Array;
        for (let i = 0; i < n; i++) {
          const value = values[rows ? rows[i] : i];
          const missing = !Number.isFinite(value);
          out[i * width + offset] = missing ? 0 : (value - plan.mean) / plan.scale;
          out[i * width + offset + 1] = missing ? 1 : 0;
        }
        offset += 2;
        continue;
      }
      const slotOf = new Map(plan.categories.map((category, slot) => [category, slot]));
      const values = column.values;
      if (!(values instanceof Float64Array) && 'codes' in values) {
        const slots = Int32Array.from(values.dictionary, (text) => slotOf.get(text) ?? -1);
        for (let i = 0; i < n; i++) {
          const code = values.codes[rows ? rows[i] : i];
          const slot = code < 0 ? -1 : slots[code];
          if (slot >= 0) out[i * width + offset + slot] = 1;
        }
      } else {
        const labels = values as readonly (string | null)[];
        for (let i = 0; i < n; i++) {
          const label = labels[rows ? rows[i] : i];
          const slot = label === null || label === undefined ? undefined : slotOf.get(label);
          if (slot !== undefined) out[i * width + offset + slot] = 1;
        }
      }
      offset += plan.categories.length;
    }
    return out;
  };
  // Second stage: every encoded column centred and scaled on the reference sample.
  const base = raw(sample, null);
  const n = base.length / Math.max(width, 1);
  const centre = new Float64Array(width);
  const scale = new Float64Array(width).fill(1);
  for (let j = 0; j < width; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += base[i * width + j];
    const mean = n > 0 ? sum / n : 0;
    let squares = 0;
    for (let i = 0; i < n; i++) squares += (base[i * width + j] - mean) ** 2;
    const sd = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
    centre[j] = mean;
    if (sd > 1e-12) scale[j] = sd;
  }
  return {
    width,
    sources,
    columns: plans.map((plan) => plan.name),
    skipped,
    encode(columns, rows) {
      const out = raw(columns, rows);
      for (let i = 0; i < out.length; i++) {
        const j = i % width;
        out[i] = (out[i] - centre[j]) / scale[j];
      }
      return out;
    },
  };
}
