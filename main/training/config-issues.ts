import type { z } from 'zod';
import { closestKey } from '../common/closest-key.js';

/**
 * Turns zod issues into sentences a user can act on: the dotted key path, what was expected,
 * what was found and, for a misspelt key or enum value, the nearest valid one.
 */
export type ConfigProblem = {
  /** Dotted path, e.g. "trainer.learning_rate" or "input_features.2.type". */
  path: string;
  message: string;
  expected?: string;
  suggestion?: string;
};

export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  root: z.ZodType,
  input: unknown,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) problems.push(...describeIssue(issue, root, input));
  return problems;
}

function describeIssue(issue: z.core.$ZodIssue, root: z.ZodType, input: unknown): ConfigProblem[] {
  const segments = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
  const path = segments.join('.');
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(root, segments);
      return issue.keys.map((key) => {
        const full = path === '' ? key : `${path}.${key}`;
        const suggestion = closestName(key, allowed);
        const hint = suggestion
          ? ` (did you mean ${path === '' ? suggestion : `${path}.${suggestion}`}?)`
          : '';
        return {
          path: full,
          message: `${full} is not a model config key${hint}; allowed here: ${allowed.join(', ')}`,
          expected: `one of ${allowed.join(', ')}`,
          ...(suggestion ? { suggestion } : {}),
        };
      });
    }
    case 'invalid_type': {
      const found = valueAt(input, segments);
      if (found === undefined) {
        return [
          {
            path,
            message: `${path || '(top level)'} is required (${issue.expected})`,
            expected: issue.expected,
          },
        ];
      }
      return [
        {
          path,
          message: `${path || '(top level)'}: expected ${issue.expected}, found ${describeValue(found)}`,
          expected: issue.expected,
        },
      ];
    }
    case 'invalid_value': {
      const options = issue.values.map(String);
      const found = valueAt(input, segments);
      if (found === undefined) {
        return [
          {
            path,
            message: `${path} is required (one of ${options.join(', ')})`,
            expected: `one of ${options.join(', ')}`,
          },
        ];
      }
      const suggestion = typeof found === 'string' ? closestName(found, options) : undefined;
      const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
      return [
        {
          path,
          message: `${path}: expected one of ${options.join(', ')}, found ${describeValue(found)}${hint}`,
          expected: `one of ${options.join(', ')}`,
          ...(suggestion ? { suggestion } : {}),
        },
      ];
    }
    case 'invalid_union': {
      // A discriminated union reports its discriminator; otherwise show the first branch's complaint.
      const branch = issue.errors[0]?.[0];
      if (branch !== undefined) {
        return describeIssue({ ...branch, path: [...issue.path, ...branch.path] }, root, input);
      }
      return [{ path, message: `${path}: ${issue.message}` }];
    }
    default: {
      const found = valueAt(input, segments);
      const shown =
        found !== undefined && (typeof found !== 'object' || found === null)
          ? ` (found ${describeValue(found)})`
          : '';
      return [{ path, message: `${path || '(top level)'}: ${issue.message}${shown}` }];
    }
  }
}

/** Keys an object schema accepts at `path`, found by walking the schema alongside the path. */
function allowedKeys(root: z.ZodType, path: readonly PropertyKey[]): string[] {
  const keys = new Set<string>();
  for (const schema of schemasAt(root, path)) {
    for (const object of objectsIn(schema)) for (const key of Object.keys(object)) keys.add(key);
  }
  return [...keys];
}

/** Whether the schema has a setting at `path`; when not, the keys allowed at the last level. */
export function hasSchemaPath(
  root: z.ZodType,
  path: readonly PropertyKey[],
): { ok: true } | { ok: false; allowed: string[] } {
  if (schemasAt(root, path).length > 0) return { ok: true };
  return { ok: false, allowed: allowedKeys(root, path.slice(0, -1)) };
}

type Def = {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  items?: z.ZodType[];
  options?: z.ZodType[];
  valueType?: z.ZodType;
  in?: z.ZodType;
};

function defOf(schema: z.ZodType): Def {
  return schema._zod.def as unknown as Def;
}

function unwrap(schema: z.ZodType): z.ZodType[] {
  const def = defOf(schema);
  if (
    def.innerType &&
    ['optional', 'default', 'nullable', 'prefault', 'readonly', 'catch'].includes(def.type)
  ) {
    return unwrap(def.innerType);
  }
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  if (def.type === 'union' && def.options) return def.options.flatMap(unwrap);
  return [schema];
}

function objectsIn(schema: z.ZodType): Record<string, z.ZodType>[] {
  return unwrap(schema)
    .map((candidate) => defOf(candidate).shape)
    .filter((shape): shape is Record<string, z.ZodType> => shape !== undefined);
}

function schemasAt(root: z.ZodType, path: readonly PropertyKey[]): z.ZodType[] {
  let current = unwrap(root);
  for (const segment of path) {
    const next: z.ZodType[] = [];
    for (const schema of current) {
      const def = defOf(schema);
      if (def.shape && typeof segment === 'string' && def.shape[segment])
        next.push(...unwrap(def.shape[segment]));
      else if (def.type === 'array' && def.element) next.push(...unwrap(def.element));
      else if (def.type === 'tuple' && def.items && typeof segment === 'number' && def.items[segment]) {
        next.push(...unwrap(def.items[segment]));
      } else if (def.type === 'record' && def.valueType) next.push(...unwrap(def.valueType));
    }
    current = next;
  }
  return current;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `string "${value}"`;
  return `${typeof value} ${String(value)}`;
}

/** The candidate nearest to `name` when it is near enough to be a plausible typo. */
export const closestName = closestKey;
