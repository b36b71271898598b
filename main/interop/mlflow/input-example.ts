import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PodiumError } from '../../contract/errors.js';

const DEFAULT_EXAMPLE_FILE = 'input_example.json';

/**
 * input_example.json as records. MLflow writes a DataFrame example in pandas' split orient
 * (`{"columns": [...], "data": [[...]]}`), newer versions sometimes as a list of records, and a
 * tensor example as `{"inputs": {name: values}}` or a bare list of rows.
 */
export async function readInputExample(
  dir: string,
  info: unknown,
): Promise<Record<string, unknown>[] | null> {
  const named =
    info &&
    typeof info === 'object' &&
    typeof (info as { artifact_path?: unknown }).artifact_path === 'string'
      ? (info as { artifact_path: string }).artifact_path
      : DEFAULT_EXAMPLE_FILE;
  const file = join(dir, named);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  const refuse = (message: string) =>
    new PodiumError('DATA_INVALID', `${file}: ${message}; nothing was imported`, { file });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw refuse(`not valid JSON (${(error as Error).message})`);
  }
  const records = asRecords(value);
  if (records === null)
    throw refuse('not an input example Podium can read (split orient, records, or {"inputs": ...})');
  return records;
}

function asRecords(value: unknown): Record<string, unknown>[] | null {
  if (Array.isArray(value)) {
    if (value.every((row) => row !== null && typeof row === 'object' && !Array.isArray(row)))
      return value as Record<string, unknown>[];
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  const object = value as Record<string, unknown>;
  const split = (object.dataframe_split ?? object) as { columns?: unknown; data?: unknown };
  if (Array.isArray(split.columns) && Array.isArray(split.data)) {
    const columns = split.columns.map(String);
    return split.data.map((row) =>
      Object.fromEntries(columns.map((name, i) => [name, Array.isArray(row) ? row[i] : undefined])),
    );
  }
  const inputs = object.inputs;
  if (inputs && typeof inputs === 'object' && !Array.isArray(inputs)) {
    // {name: [v1, v2, ...]} or {name: [[v1], [v2], ...]}: one value per row and input.
    const entries = Object.entries(inputs as Record<string, unknown>);
    if (!entries.every(([, values]) => Array.isArray(values))) return null;
    const rows = Math.max(...entries.map(([, values]) => (values as unknown[]).length));
    return Array.from({ length: rows }, (_, r) =>
      Object.fromEntries(
        entries.map(([name, values]) => {
          const cell = (values as unknown[])[r];
          return [name, Array.isArray(cell) && cell.length === 1 ? cell[0] : cell];
        }),
      ),
    );
  }
  return null;
}
