import { createRandom } from '../../main/common/random.js';
import type { Column, Table } from '../../main/data/types.js';
import { validateModelConfig } from '../../main/training/index.js';
import type { InputFeature, ModelConfig, ModelFamilyName, Task } from '../../main/training/types.js';

/** In-memory tables and configs for the training tests; no CSV or data room needed. */
export function numeric(name: string, values: ArrayLike<number>): Column {
  return { name, type: 'numeric', values: Float64Array.from(values) };
}

export function category(name: string, values: (string | null)[]): Column {
  return { name, type: 'category', values };
}

export function binary(name: string, values: ArrayLike<number>, levels: [string, string]): Column {
  return { name, type: 'binary', values: Float64Array.from(values), levels };
}

export function date(name: string, isoDates: (string | null)[]): Column {
  return {
    name,
    type: 'date',
    values: Float64Array.from(isoDates, (value) => (value === null ? Number.NaN : Date.parse(value))),
  };
}

export function table(...columns: Column[]): Table {
  return { rowCount: columns[0]?.values.length ?? 0, columns };
}

export function config(
  inputs: InputFeature[],
  target: { name: string; type: Task },
  extra: Record<string, unknown> & { model_type?: ModelFamilyName } = {},
): ModelConfig {
  return validateModelConfig({ input_features: inputs, output_features: [target], ...extra });
}

/**
 * A synthetic tabular dataset with known structure: x1..x3 informative numbers, noise1..noise2
 * useless numbers, `color` a category with an effect, `flag` a binary input. Targets:
 * `y_number` = 3 + 2·x1 − 1.5·x2 + 0.5·x3 + color effect + noise; `y_binary` from a logistic
 * model of the same; `y_category` three classes by the sign pattern of the score.
 */
export function syntheticTable(rows: number, seed = 7): Table {
  const random = createRandom(seed);
  const x1 = new Float64Array(rows);
  const x2 = new Float64Array(rows);
  const x3 = new Float64Array(rows);
  const noise1 = new Float64Array(rows);
  const noise2 = new Float64Array(rows);
  const flag = new Float64Array(rows);
  const color: string[] = [];
  const yNumber = new Float64Array(rows);
  const yBinary: string[] = [];
  const yCategory: string[] = [];
  const colors = ['red', 'green', 'blue', 'grey'];
  const effect: Record<string, number> = { red: 1, green: -1, blue: 0.5, grey: 0 };
  for (let i = 0; i < rows; i++) {
    x1[i] = random.normal();
    x2[i] = random.normal() * 2 + 1;
    x3[i] = random.next() * 10;
    noise1[i] = random.normal();
    noise2[i] = random.normal() * 5;
    flag[i] = random.next() < 0.3 ? 1 : 0;
    color.push(colors[random.int(colors.length)]);
    const score = 2 * x1[i] - (1.5 * (x2[i] - 1)) / 2 + 0.3 * (x3[i] - 5) + effect[color[i]] + 0.8 * flag[i];
    yNumber[i] = 3 + 2 * x1[i] - 1.5 * x2[i] + 0.5 * x3[i] + effect[color[i]] + 0.1 * random.normal();
    yBinary.push(random.next() < 1 / (1 + Math.exp(-score)) ? 'yes' : 'no');
    const noisy = score + random.normal() * 0.5;
    yCategory.push(noisy < -1 ? 'low' : noisy < 1 ? 'mid' : 'high');
  }
  return table(
    numeric('x1', x1),
    numeric('x2', x2),
    numeric('x3', x3),
    numeric('noise1', noise1),
    numeric('noise2', noise2),
    binary('flag', flag, ['0', '1']),
    category('color', color),
    numeric('y_number', yNumber),
    category('y_binary', yBinary),
    category('y_category', yCategory),
  );
}

export const SYNTHETIC_INPUTS: InputFeature[] = [
  { name: 'x1', type: 'number' },
  { name: 'x2', type: 'number' },
  { name: 'x3', type: 'number' },
  { name: 'noise1', type: 'number' },
  { name: 'noise2', type: 'number' },
  { name: 'flag', type: 'binary' },
  { name: 'color', type: 'category' },
];

/**
 * A small churn-like CSV: numbers, a category, a yes/no input, a date and a yes/no target
 * driven by them, with a few missing cells. Deterministic for a seed.
 */
export function churnCsv(rows: number, seed = 3): string {
  const random = createRandom(seed);
  const lines = ['customer_id,age,income,plan,member,signup,churn'];
  const plans = ['basic', 'plus', 'pro'];
  for (let i = 0; i < rows; i++) {
    const age = 18 + random.int(60);
    const income = Math.round(20000 + random.next() * 80000);
    const plan = plans[random.int(3)];
    const member = random.next() < 0.4 ? 'yes' : 'no';
    const day = new Date(Date.UTC(2022, 0, 1) + random.int(700) * 86_400_000).toISOString().slice(0, 10);
    const score =
      -0.04 * (age - 45) -
      (income - 60000) / 30000 +
      (plan === 'basic' ? 0.8 : plan === 'pro' ? -0.8 : 0) -
      (member === 'yes' ? 0.7 : 0);
    const churn = random.next() < 1 / (1 + Math.exp(-2 * score)) ? 'yes' : 'no';
    const missingIncome = random.next() < 0.03;
    lines.push(`C${1000 + i},${age},${missingIncome ? '' : income},${plan},${member},${day},${churn}`);
  }
  return `${lines.join('\n')}\n`;
}
