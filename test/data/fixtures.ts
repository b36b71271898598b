import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPodiumError, type PodiumError } from '../../main/contract/errors.js';

/** Runs `body` with a fresh temporary folder and always removes it afterwards. */
export async function withTempDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'podium-data-test-'));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function writeCsv(dir: string, name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/** Files in `dir` (none if it does not exist). */
export async function filesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/** Awaits a rejection and returns it as a PodiumError with the expected code. */
export async function rejection(promise: Promise<unknown>, code: string): Promise<PodiumError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isPodiumError(error), `expected a PodiumError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail('expected the promise to reject');
}

export function column<T extends { name: string }>(columns: T[], name: string): T {
  const found = columns.find((candidate) => candidate.name === name);
  assert.ok(found, `column ${name} not found`);
  return found;
}

/**
 * A spreadsheet export from a European office: `;`-separated, decimal commas (`3,5` and
 * `45.123,50`), `DD.MM.YYYY` dates, an id column and a few blank categories. Deterministic.
 */
export function europeanCsv(rows: number, options: { delimiter?: string } = {}): string {
  const separator = options.delimiter ?? ';';
  let state = 7;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const comma = (value: number, digits: number) => value.toFixed(digits).replace('.', ',');
  const lines = [['customer_id', 'signup', 'age', 'income', 'score', 'plan', 'churn'].join(separator)];
  for (let i = 1; i <= rows; i++) {
    const age = 18 + Math.floor(random() * 60);
    const income = 20_000 + random() * 80_000;
    const score = random() * 10;
    const plan = i % 17 === 0 ? '' : ['basic', 'pro', 'family'][Math.floor(random() * 3)];
    const day = 1 + Math.floor(random() * 28);
    const month = 1 + Math.floor(random() * 12);
    const churn = score + (plan === 'basic' ? 2 : 0) + random() * 3 > 7 ? 1 : 0;
    // Thousands grouped with dots, as a spreadsheet writes them: 45.123,50.
    const grouped = `${Math.floor(income / 1000)}.${String(Math.floor(income % 1000)).padStart(3, '0')},${String(Math.round((income % 1) * 100) % 100).padStart(2, '0')}`;
    lines.push(
      [
        String(i),
        `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.${2020 + (i % 4)}`,
        String(age),
        grouped,
        comma(score, 1),
        plan,
        String(churn),
      ].join(separator),
    );
  }
  return `${lines.join('\n')}\n`;
}
