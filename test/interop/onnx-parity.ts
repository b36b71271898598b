import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { createRandom } from '../../main/common/random.js';
import type { Table } from '../../main/data/types.js';
import { datePart } from '../../main/features/date-parts.js';
import { packageToOnnx } from '../../main/interop/onnx/package-to-onnx.js';
import { loadPredictor, trainTable } from '../../main/training/index.js';
import type { InputFeature, ModelFamilyName, Prediction, Task } from '../../main/training/types.js';
import { binary, category, config, date, numeric, table } from '../training/fixtures.js';

/**
 * Every model family and task exported to ONNX and scored on 1,000 rows (missing numbers,
 * dates and categories, a category never seen in training) by ONNX Runtime and by Podium's own
 * predictor: same labels, probabilities and numbers within a relative 1e-4.
 */
export const COLORS = ['red', 'green', 'blue', 'grey'];
const PLANS = ['basic', 'plus', 'pro'];
const DAY_MS = 86_400_000;

export const INPUTS: InputFeature[] = [
  { name: 'x1', type: 'number' },
  { name: 'x2', type: 'number', preprocessing: { missing_value_strategy: 'fill_with_median' } },
  { name: 'member', type: 'binary' },
  { name: 'color', type: 'category' },
  { name: 'plan', type: 'category' },
  { name: 'signup', type: 'date' },
];

/** Rows drawn at random; numbers are float32 values, as the ONNX inputs carry them. */
export function dataset(rows: number, seed: number, unseen: boolean): Table {
  const random = createRandom(seed);
  const x1: number[] = [];
  const x2: number[] = [];
  const member: number[] = [];
  const color: (string | null)[] = [];
  const plan: (string | null)[] = [];
  const signup: (string | null)[] = [];
  const yNumber: number[] = [];
  const yBinary: string[] = [];
  const yCategory: string[] = [];
  for (let i = 0; i < rows; i++) {
    const a = Math.fround(random.normal());
    const b = Math.fround(random.next() * 10);
    const m = random.next() < 0.4 ? 1 : 0;
    const c = unseen && random.next() < 0.05 ? 'purple' : COLORS[random.int(COLORS.length)];
    const p = PLANS[random.int(PLANS.length)];
    const day = random.int(700);
    const score =
      1.5 * a -
      0.3 * (b - 5) +
      (c === 'red' ? 1 : c === 'blue' ? -1 : 0) +
      (p === 'pro' ? 0.7 : 0) +
      0.5 * m +
      (day % 7) / 7;
    x1.push(random.next() < 0.05 ? Number.NaN : a);
    x2.push(random.next() < 0.05 ? Number.NaN : b);
    member.push(random.next() < 0.05 ? Number.NaN : m);
    color.push(random.next() < 0.05 ? null : c);
    plan.push(random.next() < 0.03 ? null : p);
    signup.push(random.next() < 0.05 ? null : new Date(Date.UTC(2022, 0, 1) + day * DAY_MS).toISOString());
    yNumber.push(10 + 3 * score + random.normal() * 0.3);
    yBinary.push(random.next() < 1 / (1 + Math.exp(-2 * score)) ? 'yes' : 'no');
    const noisy = score + random.normal() * 0.5;
    yCategory.push(noisy < -0.5 ? 'low' : noisy < 1 ? 'mid' : 'high');
  }
  return table(
    numeric('x1', x1),
    numeric('x2', x2),
    binary('member', member, ['no', 'yes']),
    category('color', color),
    category('plan', plan),
    date('signup', signup),
    numeric('y_number', yNumber),
    category('y_binary', yBinary),
    category('y_category', yCategory),
  );
}

/** The table's rows as the graph's input tensors. */
export function feeds(data: Table, inputs: { name: string; field: string; kind: string; part?: string }[]) {
  const result: Record<string, ort.Tensor> = {};
  const n = data.rowCount;
  for (const input of inputs) {
    const column = data.columns.find((c) => c.name === input.field);
    assert.ok(column, input.field);
    const values = column.values as ArrayLike<number | string | null>;
    if (input.kind === 'number' || input.kind === 'date') {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const v = values[i] as number;
        out[i] =
          input.kind === 'date'
            ? Number.isFinite(v)
              ? datePart(v, input.part as Parameters<typeof datePart>[1])
              : Number.NaN
            : v;
      }
      result[input.name] = new ort.Tensor('float32', out, [n, 1]);
    } else {
      const levels = column.type === 'binary' ? (column as { levels: [string, string] }).levels : null;
      const out: string[] = [];
      for (let i = 0; i < n; i++) {
        const v = values[i];
        if (levels) out.push(Number.isFinite(v as number) ? levels[v as number] : '');
        else out.push(v === null ? '' : String(v));
      }
      result[input.name] = new ort.Tensor('string', out, [n, 1]);
    }
  }
  return result;
}

function relativeDifference(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-6);
}

const TARGETS: Record<Task, string> = { binary: 'y_binary', category: 'y_category', number: 'y_number' };

export type ParityCase = { label: string; family: ModelFamilyName; extra: Record<string, unknown> };

export const TREE_AND_LINEAR_CASES: ParityCase[] = [
  { label: 'linear', family: 'linear', extra: {} },
  { label: 'elastic net', family: 'linear', extra: { trainer: { l1: 0.01, l2: 0.01 } } },
  { label: 'gbm', family: 'gbm', extra: { trees: { max_iter: 15, n_iter_no_change: 0 } } },
  { label: 'random forest', family: 'random_forest', extra: { trees: { n_estimators: 10 } } },
];

export const ECD_CASES: ParityCase[] = [
  {
    label: 'ecd',
    family: 'ecd',
    extra: {
      trainer: { epochs: 3, batch_size: 64 },
      combiner: { type: 'concat', fc_layers: [{ output_size: 8 }], dropout: 0 },
    },
  },
];

export function describeOnnxParity(suiteName: string, cases: ParityCase[]): void {
  describe(suiteName, () => {
    let dir: string;
    let train: Table;
    let scored: Table;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'podium-onnx-'));
      train = dataset(400, 11, false);
      scored = dataset(1000, 12, true);
    });
    after(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    for (const { label, family, extra } of cases) {
      for (const task of ['binary', 'category', 'number'] as Task[]) {
        test(`${label}, ${task}: ONNX Runtime scores 1,000 rows as Podium does`, async () => {
          const packageDir = join(dir, `${label.replace(' ', '-')}-${task}`);
          await trainTable(train, {
            config: config(INPUTS, { name: TARGETS[task], type: task }, { model_type: family, ...extra }),
            packageDir,
          });
          const exported = await packageToOnnx(packageDir, { name: 'churn', version: 1 });
          const session = await ort.InferenceSession.create(exported.bytes);
          const result = await session.run(feeds(scored, exported.inputs));
          const predictor = await loadPredictor(packageDir);
          const expected: Prediction[] = await predictor.predictTable(scored);
          predictor.dispose();

          let worst = 0;
          if (task === 'number') {
            const values = result.value.data as Float32Array;
            assert.deepEqual(result.value.dims, [1000, 1]);
            expected.forEach((prediction, i) => {
              worst = Math.max(worst, relativeDifference(values[i], prediction.value as number));
            });
          } else {
            const labels = result.label.data as string[];
            const probabilities = result.probabilities.data as Float32Array;
            const classes = Object.keys(expected[0].probabilities ?? {});
            assert.deepEqual(result.probabilities.dims, [1000, classes.length]);
            let differentLabels = 0;
            expected.forEach((prediction, i) => {
              if (labels[i] !== prediction.value) differentLabels++;
              classes.forEach((name, k) => {
                const p = prediction.probabilities?.[name] ?? Number.NaN;
                worst = Math.max(worst, relativeDifference(probabilities[i * classes.length + k], p));
              });
            });
            assert.equal(differentLabels, 0, `${differentLabels} labels differ`);
          }
          assert.ok(worst <= 1e-4, `largest relative difference ${worst}`);
          await session.release();
        });
      }
    }
  });
}
