import { join } from 'node:path';
import { writeFileAtomic } from '../common/files.js';
import { createRandom, type Random } from '../common/random.js';
import { PodiumError } from '../contract/errors.js';

/**
 * Synthetic credit-risk data for demos, tests and benchmarks (a port of the original
 * generate_sample_data.py). The drift file is not just shifted: the relation between the
 * features and default changes (coefficients flip or fade, a categorical effect reverses, an
 * interaction appears), so a champion trained on the baseline measurably loses to a
 * challenger trained on drifted data — the situation Podium exists to handle.
 */
export type SampleDataOptions = {
  samples: number;
  drift: boolean;
  /** Defaults to 42; the drift file draws from seed + 1 so it never repeats the baseline. */
  seed?: number;
};

export const DEFAULT_SAMPLE_SEED = 42;
export const SAMPLE_TARGET = 'target';
export const BASELINE_FILE = 'baseline_full.csv';
export const DRIFT_FILE = 'drift_full.csv';

const COLUMNS = [
  'age',
  'annual_income',
  'debt_to_income',
  'credit_score',
  'loan_amount',
  'loan_term_months',
  'num_credit_lines',
  'num_late_payments',
  'employment_years',
  'savings_balance',
  'home_ownership',
  'loan_purpose',
  'region',
  'application_date',
  SAMPLE_TARGET,
];

type Weighted = Record<string, { weight: number; effect: number }>;

/** Everything that differs between the baseline and the drifted world. */
type World = {
  ageMean: number;
  incomeMedian: number;
  dtiMean: number;
  scoreMean: number;
  scoreSd: number;
  lateRate: number;
  savingsMedian: number;
  firstDay: number;
  days: number;
  positiveRate: number;
  home: Weighted;
  purpose: Weighted;
  region: Weighted;
  /** Coefficients on standardised features. */
  coef: {
    dti: number;
    score: number;
    late: number;
    loanToIncome: number;
    income: number;
    employment: number;
    savings: number;
    longTerm: number;
    dtiTimesLoanToIncome: number;
  };
};

const BASELINE: World = {
  ageMean: 42,
  incomeMedian: 52_000,
  dtiMean: 0.28,
  scoreMean: 690,
  scoreSd: 55,
  lateRate: 0.6,
  savingsMedian: 6_000,
  firstDay: Date.UTC(2022, 0, 1),
  days: 730,
  positiveRate: 0.3,
  home: {
    RENT: { weight: 0.38, effect: 0.35 },
    MORTGAGE: { weight: 0.4, effect: -0.15 },
    OWN: { weight: 0.17, effect: -0.3 },
    OTHER: { weight: 0.05, effect: 0.2 },
  },
  purpose: {
    debt_consolidation: { weight: 0.35, effect: 0.15 },
    credit_card: { weight: 0.22, effect: 0 },
    home_improvement: { weight: 0.12, effect: -0.2 },
    car: { weight: 0.1, effect: -0.25 },
    medical: { weight: 0.08, effect: 0.3 },
    small_business: { weight: 0.07, effect: 0.6 },
    education: { weight: 0.06, effect: 0.25 },
  },
  region: {
    north: { weight: 0.3, effect: 0 },
    south: { weight: 0.25, effect: 0.15 },
    east: { weight: 0.25, effect: -0.1 },
    west: { weight: 0.2, effect: 0.05 },
  },
  coef: {
    dti: 0.9,
    score: -1.1,
    late: 0.5,
    loanToIncome: 0.5,
    income: -0.35,
    employment: -0.25,
    savings: -0.35,
    longTerm: 0.35,
    dtiTimesLoanToIncome: 0,
  },
};

const DRIFT: World = {
  ageMean: 37,
  incomeMedian: 46_000,
  dtiMean: 0.34,
  scoreMean: 665,
  scoreSd: 65,
  lateRate: 1,
  savingsMedian: 4_000,
  firstDay: Date.UTC(2024, 0, 1),
  days: 365,
  positiveRate: 0.33,
  home: {
    RENT: { weight: 0.5, effect: -0.3 },
    MORTGAGE: { weight: 0.3, effect: 0.1 },
    OWN: { weight: 0.15, effect: 0.45 },
    OTHER: { weight: 0.05, effect: 0 },
  },
  purpose: {
    debt_consolidation: { weight: 0.25, effect: 0 },
    credit_card: { weight: 0.18, effect: 0.2 },
    home_improvement: { weight: 0.1, effect: 0.1 },
    car: { weight: 0.12, effect: 0.3 },
    medical: { weight: 0.15, effect: 0.8 },
    small_business: { weight: 0.12, effect: -0.4 },
    education: { weight: 0.08, effect: -0.2 },
  },
  region: {
    north: { weight: 0.2, effect: 0 },
    south: { weight: 0.3, effect: -0.2 },
    east: { weight: 0.2, effect: 0.1 },
    west: { weight: 0.3, effect: 0.5 },
  },
  coef: {
    dti: 0.25,
    score: -0.35,
    late: 0.9,
    loanToIncome: 0.1,
    income: 0.45,
    employment: 0.45,
    savings: 0.55,
    longTerm: -0.35,
    dtiTimesLoanToIncome: 0.7,
  },
};

const MISSING_EMPLOYMENT = 0.012;
const MISSING_SAVINGS = 0.01;
const DAY_MS = 86_400_000;

/** CSV text (header + `samples` rows, LF line ends); same options, same bytes. */
export function generateSampleData(options: SampleDataOptions): string {
  return sampleDataParts(options).join('');
}

/** Rows joined per part: 100,000 rows are about 9 MB of text. */
const ROWS_PER_PART = 100_000;

/**
 * The CSV text in parts, header first, each ending with a line break: ten million rows are
 * about 900 MB, past the longest string the engine can make, so a file is written part by part.
 */
function sampleDataParts(options: SampleDataOptions): string[] {
  const { samples, drift } = options;
  const seed = options.seed ?? DEFAULT_SAMPLE_SEED;
  if (!Number.isInteger(samples) || samples < 1) {
    throw new PodiumError('USAGE', `samples must be a positive whole number, got ${samples}`, { samples });
  }
  if (!Number.isInteger(seed))
    throw new PodiumError('USAGE', `seed must be a whole number, got ${seed}`, { seed });
  const world = drift ? DRIFT : BASELINE;
  const random = createRandom(drift ? seed + 1 : seed);
  const lines = new Array<string>(samples);
  const logits = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const row = drawRow(world, random);
    lines[i] = row.text;
    logits[i] = row.logit;
  }
  // The intercept is solved for, so the positive rate holds whatever the sample size.
  const intercept = interceptFor(logits, world.positiveRate);
  const parts = [`${COLUMNS.join(',')}\n`];
  for (let start = 0; start < samples; start += ROWS_PER_PART) {
    const end = Math.min(samples, start + ROWS_PER_PART);
    const out = new Array<string>(end - start);
    for (let i = start; i < end; i++) {
      const label = random.next() < sigmoid(logits[i] + intercept) ? '1' : '0';
      out[i - start] = `${lines[i]},${label}`;
      lines[i] = '';
    }
    parts.push(`${out.join('\n')}\n`);
  }
  return parts;
}

/** Writes `outputDir/baseline_full.csv` or `outputDir/drift_full.csv`; returns its path. */
export async function writeSampleData(options: SampleDataOptions & { outputDir: string }): Promise<string> {
  const path = join(options.outputDir, options.drift ? DRIFT_FILE : BASELINE_FILE);
  await writeFileAtomic(path, sampleDataParts(options));
  return path;
}

function drawRow(world: World, random: Random): { text: string; logit: number } {
  const age = clamp(Math.round(world.ageMean + 12 * random.normal()), 18, 80);
  const employment = clamp(Math.round(Math.min(age - 18, 7 + 6 * random.normal())), 0, 50);
  const incomeLog = Math.log(world.incomeMedian) + 0.45 * random.normal() + 0.008 * (age - 40);
  const income = Math.round(Math.exp(incomeLog));
  const dti = clamp(world.dtiMean + 0.11 * random.normal(), 0.01, 0.95);
  const score = clamp(
    Math.round(world.scoreMean + world.scoreSd * random.normal() + 2 * (employment - 7)),
    300,
    850,
  );
  const loan = clamp(
    Math.round(Math.exp(Math.log(14_000) + 0.55 * random.normal()) / 50) * 50,
    1_000,
    80_000,
  );
  const longTerm = random.next() < 0.3;
  const lines = Math.max(1, Math.round(8 + 3.5 * random.normal()));
  const late = poisson(random, world.lateRate + (score < 620 ? 0.8 : 0));
  const savingsLog = Math.log(world.savingsMedian) + 1.1 * random.normal();
  const savings = Math.exp(savingsLog);
  const home = pick(random, world.home);
  const purpose = pick(random, world.purpose);
  const region = pick(random, world.region);
  const day = new Date(world.firstDay + Math.floor(random.next() * world.days) * DAY_MS);
  const employmentMissing = random.next() < MISSING_EMPLOYMENT;
  const savingsMissing = random.next() < MISSING_SAVINGS;

  const c = world.coef;
  const z = {
    dti: (dti - 0.28) / 0.11,
    score: (score - 690) / 55,
    late: late - 0.7,
    loanToIncome: (loan / income - 0.3) / 0.2,
    income: (incomeLog - Math.log(52_000)) / 0.45,
    employment: employmentMissing ? 0 : (employment - 7) / 6,
    savings: savingsMissing ? 0 : (savingsLog - Math.log(6_000)) / 1.1,
  };
  const logit =
    c.dti * z.dti +
    c.score * z.score +
    c.late * z.late +
    c.loanToIncome * z.loanToIncome +
    c.income * z.income +
    c.employment * z.employment +
    c.savings * z.savings +
    c.longTerm * (longTerm ? 1 : 0) +
    c.dtiTimesLoanToIncome * z.dti * z.loanToIncome +
    world.home[home].effect +
    world.purpose[purpose].effect +
    world.region[region].effect;

  const text = [
    age,
    income,
    dti.toFixed(3),
    score,
    loan,
    longTerm ? 60 : 36,
    lines,
    late,
    employmentMissing ? '' : employment,
    savingsMissing ? '' : savings.toFixed(2),
    home,
    purpose,
    region,
    day.toISOString().slice(0, 10),
  ].join(',');
  return { text, logit };
}

/** Bisection on the first rows only: a million-row file would otherwise spend seconds here. */
function interceptFor(logits: Float64Array, rate: number): number {
  const sample = logits.subarray(0, Math.min(logits.length, 20_000));
  let low = -20;
  let high = 20;
  for (let step = 0; step < 40; step++) {
    const middle = (low + high) / 2;
    let mean = 0;
    for (let i = 0; i < sample.length; i++) mean += sigmoid(sample[i] + middle);
    if (mean / sample.length < rate) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

function pick(random: Random, options: Weighted): string {
  const u = random.next();
  let cumulative = 0;
  let last = '';
  for (const [value, { weight }] of Object.entries(options)) {
    cumulative += weight;
    last = value;
    if (u < cumulative) return value;
  }
  return last;
}

/** Knuth's method; rates here are small. */
function poisson(random: Random, rate: number): number {
  const limit = Math.exp(-rate);
  let k = 0;
  let product = random.next();
  while (product > limit) {
    k++;
    product *= random.next();
  }
  return k;
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
