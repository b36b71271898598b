/**
 * The contract names every field in camelCase; the JSON Podium documents (`podium … --json`, the
 * alert webhook) and the JSON its stores keep in SQLite name them in snake_case, as they always
 * have. This is the one conversion between the two, driven by the schema: an object schema's
 * declared fields are renamed (`decisionIds` ⇄ `decision_ids`) and their values converted by their
 * own schemas; record keys, enum values and anything a schema does not declare (a catchall's extra
 * keys) are data and stay as they are.
 */
import type { z } from 'zod';
import type { JsonValue } from './common.js';

export type DocumentOptions = {
  /**
   * Parts the document names as the contract does: these schemas' own fields keep their camelCase
   * names (their fields' values are still converted by their schemas). A union here covers its
   * options; an array or record its items.
   */
  contractNames?: readonly z.ZodType[];
};

/** The contract's value as its snake_case document (ready for JSON.stringify). */
export function toSnakeCaseDocument<S extends z.ZodType>(
  schema: S,
  value: z.output<S>,
  options: DocumentOptions = {},
): JsonValue {
  // The contract's values are JSON: what crosses every bridge.
  return convert(schema, value as JsonValue, new Set(options.contractNames), 'toDocument', false);
}

/**
 * A snake_case document (parsed JSON) as the contract's value: renamed, then parsed with the
 * schema, so a document that does not fit the contract is refused here.
 */
export function fromSnakeCaseDocument<S extends z.ZodType>(
  schema: S,
  document: JsonValue,
  options: DocumentOptions = {},
): z.output<S> {
  return schema.parse(convert(schema, document, new Set(options.contractNames), 'fromDocument', false));
}

/** `decisionIds` → `decision_ids`, `latencyMsP50` → `latency_ms_p50`, `sha256` → `sha256`. */
export function snakeCaseName(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

type Direction = 'toDocument' | 'fromDocument';
type JsonObject = { [key: string]: JsonValue };

/** What the walk reads of a zod schema's definition. */
type Def = {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  valueType?: z.ZodType;
  getter?: () => z.ZodType;
  in?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
};

const def = (schema: z.ZodType): Def => schema._zod.def as Def;

/** Types that only wrap one inner schema of the same value. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** Schemas that hold values this walk does not follow (none of them is JSON): refused, not guessed. */
const UNSUPPORTED = new Set(['intersection', 'map', 'set', 'promise', 'function']);

const renames = new WeakMap<z.ZodType, boolean>();

/** Whether any field below `schema` has a name that snake_case spells differently. */
function hasRenames(schema: z.ZodType, visiting = new Set<z.ZodType>()): boolean {
  const known = renames.get(schema);
  if (known !== undefined) return known;
  if (visiting.has(schema)) return false;
  visiting.add(schema);
  const d = def(schema);
  const inner = (s: z.ZodType | null | undefined) => s !== null && s !== undefined && hasRenames(s, visiting);
  let result: boolean;
  if (d.type === 'object')
    result =
      Object.entries(d.shape ?? {}).some(([name, field]) => snakeCaseName(name) !== name || inner(field)) ||
      inner(d.catchall);
  else if (d.type === 'array') result = inner(d.element);
  else if (d.type === 'record') result = inner(d.valueType);
  else if (d.type === 'union') result = (d.options ?? []).some(inner);
  else if (d.type === 'lazy') result = inner(d.getter?.());
  else if (d.type === 'pipe') result = inner(d.in);
  else if (d.type === 'tuple') result = (d.items ?? []).some(inner) || inner(d.rest);
  else if (WRAPPERS.has(d.type)) result = inner(d.innerType);
  else if (UNSUPPORTED.has(d.type))
    throw new Error(`documented JSON: no conversion through a zod ${d.type} schema`);
  else result = false;
  visiting.delete(schema);
  // A schema met again while it was being walked (lazy recursion) is decided by its first visit.
  if (visiting.size === 0 || result) renames.set(schema, result);
  return result;
}

function convert(
  schema: z.ZodType,
  value: JsonValue,
  contractNames: ReadonlySet<z.ZodType>,
  direction: Direction,
  keepNames: boolean,
): JsonValue {
  if (value === null || typeof value !== 'object' || !hasRenames(schema)) return value;
  const keep = keepNames || contractNames.has(schema);
  const d = def(schema);
  const walk = (inner: z.ZodType, item: JsonValue, keepInner = keep) =>
    convert(inner, item, contractNames, direction, keepInner);
  if (Array.isArray(value)) {
    if (d.type === 'array') return value.map((item) => walk(d.element as z.ZodType, item));
    if (d.type === 'tuple') {
      return value.map((item, i) => {
        const itemSchema = d.items?.[i] ?? d.rest;
        return itemSchema ? walk(itemSchema, item) : item;
      });
    }
  }
  switch (d.type) {
    case 'object':
      return Array.isArray(value)
        ? value
        : convertObject(d, value, keep, (field, item) => walk(field, item, false));
    case 'record':
      return Array.isArray(value)
        ? value
        : Object.fromEntries(
            Object.entries(value).map(([key, item]) => [key, walk(d.valueType as z.ZodType, item)]),
          );
    case 'union': {
      const option = chooseOption(d, value, (o, v) => walk(o, v), direction);
      return option === undefined ? value : walk(option, value);
    }
    case 'lazy':
      return walk((d.getter as () => z.ZodType)(), value);
    case 'pipe':
      return walk(d.in as z.ZodType, value);
    default:
      return WRAPPERS.has(d.type) ? walk(d.innerType as z.ZodType, value) : value;
  }

  function convertObject(
    objectDef: Def,
    object: JsonObject,
    keepOwn: boolean,
    field: (schema: z.ZodType, item: JsonValue) => JsonValue,
  ): JsonObject {
    const shape = objectDef.shape ?? {};
    const byName = fieldNames(shape, keepOwn, direction);
    const extra = objectDef.catchall && def(objectDef.catchall).type !== 'never' ? objectDef.catchall : null;
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(object)) {
      // An optional field the contract's value leaves undefined: JSON leaves it out too.
      if (item === undefined) continue;
      const declared = byName.get(key);
      if (declared !== undefined) out[declared.name] = field(declared.schema, item);
      else out[key] = extra ? field(extra, item) : item;
    }
    return out;
  }
}

const fieldNameCache = new WeakMap<object, Map<string, Map<string, { name: string; schema: z.ZodType }>>>();

/** Declared fields by the name the value carries, with the name they get. */
function fieldNames(
  shape: Record<string, z.ZodType>,
  keep: boolean,
  direction: Direction,
): Map<string, { name: string; schema: z.ZodType }> {
  const cacheKey = `${direction}:${keep}`;
  let byShape = fieldNameCache.get(shape);
  if (!byShape) {
    byShape = new Map();
    fieldNameCache.set(shape, byShape);
  }
  const cached = byShape.get(cacheKey);
  if (cached) return cached;
  const names = new Map<string, { name: string; schema: z.ZodType }>();
  for (const [name, schema] of Object.entries(shape)) {
    const documented = keep ? name : snakeCaseName(name);
    if (direction === 'toDocument') names.set(name, { name: documented, schema });
    else names.set(documented, { name, schema });
  }
  byShape.set(cacheKey, names);
  return names;
}

/**
 * The union option a value belongs to: by its discriminator when the union has one; otherwise the
 * first option that accepts it (in the contract's names; a document is converted by the option
 * first). None: the value is left as it is, and a parse names what is wrong.
 */
function chooseOption(
  d: Def,
  value: JsonObject | JsonValue[],
  convertWith: (option: z.ZodType, value: JsonValue) => JsonValue,
  direction: Direction,
): z.ZodType | undefined {
  const options = d.options ?? [];
  if (Array.isArray(value)) return options.find((option) => def(option).type === 'array');
  const discriminator = d.discriminator;
  if (discriminator !== undefined) {
    const tag = value[discriminator] ?? value[snakeCaseName(discriminator)];
    return options.find((option) => option._zod.propValues?.[discriminator]?.has(tag as string));
  }
  return options.find(
    (option) => option.safeParse(direction === 'toDocument' ? value : convertWith(option, value)).success,
  );
}
