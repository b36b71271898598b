import { writeFileSync } from 'node:fs';
import { createRandom } from '../../main/common/random.js';

/** The new user's table: an id, a number, a category with blanks, a fee, a signup date, Yes/No. */
export const CHURN_HEADER = ['customer_id', 'age', 'plan', 'monthly_fee', 'signup_date', 'churned'];

const PLANS = ['basic', 'plus', 'pro'];

/**
 * `rows` rows of churn data (seeded, so every run trains the same model): about one plan in
 * eight is blank, signup dates are DD-MM-YYYY (days past 12, so the format is not ambiguous),
 * and churn depends on age, plan and fee.
 */
export function churnRows(rows: number, seed = 7): string[][] {
  const random = createRandom(seed);
  return Array.from({ length: rows }, (_, i) => {
    const age = 18 + random.int(60);
    const plan = random.next() < 0.125 ? '' : PLANS[random.int(PLANS.length)];
    const fee = (10 + random.next() * 90).toFixed(2);
    const day = String(1 + random.int(28)).padStart(2, '0');
    const month = String(1 + random.int(12)).padStart(2, '0');
    const year = 2018 + random.int(6);
    const score =
      (60 - age) / 20 + (plan === 'basic' ? 1 : plan === 'pro' ? -1 : 0) + (Number(fee) - 50) / 30;
    const churned = score + random.normal() > 0 ? 'Yes' : 'No';
    return [`C${1000 + i}`, String(age), plan, fee, `${day}-${month}-${year}`, churned];
  });
}

/** Writes a header and `rows` as CSV (no cell here needs quoting). */
export function writeCsv(file: string, rows: string[][], header = CHURN_HEADER): string {
  writeFileSync(file, `${[header, ...rows].map((row) => row.join(',')).join('\n')}\n`);
  return file;
}
