import type { z } from 'zod';
import { metricText } from '../common/metric-text.js';
import { type DocumentOptions, toSnakeCaseDocument } from '../contract/documented-json.js';
import { PodiumError, toErrorData } from '../contract/errors.js';
import type { Decision, JsonValue } from '../contract/index.js';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints an operation's answer as its documented `--json` (snake_case: contract/documented-json.ts). */
export function printDocument<S extends z.ZodType>(
  schema: S,
  value: z.output<S>,
  options?: DocumentOptions,
): void {
  printJson(toSnakeCaseDocument(schema, value, options));
}

/** A decision as every command's `--json` prints it (contract/schemas/lifecycle.ts: decisionDocument). */
export async function decisionJson(decision: Decision): Promise<JsonValue> {
  // Imported here, not at the top: the contract's schemas (zod) are not part of CLI start-up.
  const { DecisionSchema, decisionDocument } = await import('../contract/schemas/index.js');
  return toSnakeCaseDocument(DecisionSchema, decision, decisionDocument);
}

export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Plain aligned columns: enough for a terminal, and no dependency for a dozen lines of code. */
export function formatTable(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = rows.map((row) =>
    row.map((cell) => (cell === null || cell === undefined ? '-' : String(cell))),
  );
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...cells.map((row) => row[i]?.length ?? 0)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export function formatMetric(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  return metricText(value);
}

export function formatMetrics(metrics: Record<string, number>, keys?: string[]): string {
  return (keys ?? Object.keys(metrics))
    .filter((key) => key in metrics)
    .map((key) => `${key}=${formatMetric(metrics[key])}`)
    .join(' ');
}

/** Exit codes: 0 success, 1 failure, 2 usage. */
export function exitCodeFor(error: unknown): number {
  return error instanceof PodiumError && error.code === 'USAGE' ? 2 : 1;
}

export function reportError(error: unknown, json: boolean): void {
  const data = toErrorData(error);
  if (json) printJson({ error: data });
  process.stderr.write(`podium: ${data.message}\n`);
  if (data.code === 'INTERNAL' && error instanceof Error) {
    process.stderr.write(`${error.stack ?? error.message}\n`);
  }
}
