import type { z } from 'zod';
import { PodiumError } from './errors.js';

/**
 * Parses an operation's raw input with its schema. The error names the operation and every
 * field at fault (`train.start: modelType: …`), and carries the fields in `details` so a view
 * can mark them.
 */
export function validateInput<T>(operation: string, schema: z.ZodType<T>, raw: unknown): T {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((key) => (path ? `${path}.${key}` : key));
      return { field: keys.join(', '), message: `not an input of ${operation}` };
    }
    return { field: path || '(input)', message: issue.message };
  });
  const text = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  return fail(operation, text, problems);
}

function fail(operation: string, text: string, problems: { field: string; message: string }[]): never {
  throw new PodiumError('USAGE', `${operation}: ${text}`, {
    operation,
    field: problems[0]?.field,
    problems,
  });
}
