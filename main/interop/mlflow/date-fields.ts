import type { DatasetProfile } from '../../data/types.js';
import { DATE_PARTS } from '../../features/date-parts.js';
import type { DatePart } from '../../features/index.js';
import type { ImportedField, OnnxPlan } from './onnx-plan.js';

/** Date fields an imported graph takes as their parts: field name → the parts, in graph order. */
export type DateFields = Map<string, DatePart[]>;

// `_week_of_year` also ends in `_year`: the longer part name wins.
const LONGEST_FIRST = [...DATE_PARTS].sort((a, b) => b.length - a.length);

/**
 * The number fields named `<field>_<part>` (Podium's names for a date's parts, see
 * main/interop/onnx/onnx-inputs.ts), grouped by `<field>`.
 */
function partGroups(plan: OnnxPlan): DateFields {
  const groups: DateFields = new Map();
  const taken = new Set(plan.fields.map((field) => field.name));
  for (const field of plan.fields) {
    if (field.kind !== 'number') continue;
    const part = LONGEST_FIRST.find((candidate) => field.name.endsWith(`_${candidate}`));
    if (part === undefined) continue;
    const name = field.name.slice(0, -(part.length + 1));
    // A field of that name already goes to the graph as it is: the parts are numbers of their own.
    if (name === '' || taken.has(name)) continue;
    groups.set(name, [...(groups.get(name) ?? []), part]);
  }
  return groups;
}

/** Only float graph inputs take a part as Podium derives it (NaN for a missing date). */
function floatFields(plan: OnnxPlan): Set<string> {
  return new Set(
    plan.inputs
      .filter((input) => input.type === 'float32' || input.type === 'float64')
      .flatMap((input) => input.fields),
  );
}

/**
 * The date fields MLmodel's metadata names (`podium_date_fields`, as Podium's own MLflow export
 * writes it), where the signature does take each named part as a float.
 */
export function dateFieldsFromMetadata(
  plan: OnnxPlan,
  declared: Record<string, string[]> | null,
): DateFields {
  const found: DateFields = new Map();
  if (declared === null) return found;
  const groups = partGroups(plan);
  const floats = floatFields(plan);
  for (const [name, parts] of Object.entries(declared)) {
    const group = groups.get(name);
    if (
      group !== undefined &&
      parts.length === group.length &&
      parts.every((part) => group.includes(part as DatePart) && floats.has(`${name}_${part}`))
    )
      found.set(name, group);
  }
  return found;
}

/**
 * The date fields a data file shows: a date column `<field>` where the file has none of the
 * `<field>_<part>` columns the signature takes.
 */
export function dateFieldsFromData(plan: OnnxPlan, profile: DatasetProfile): DateFields {
  const found: DateFields = new Map();
  const columns = new Map(profile.columns.map((column) => [column.name, column]));
  const floats = floatFields(plan);
  for (const [name, parts] of partGroups(plan)) {
    const column = columns.get(name);
    if (column?.type !== 'date') continue;
    if (parts.some((part) => columns.has(`${name}_${part}`) || !floats.has(`${name}_${part}`))) continue;
    found.set(name, parts);
  }
  return found;
}

/**
 * The plan with each date's part fields replaced by the date field itself, where its first part
 * stood. The graph inputs keep their `<field>_<part>` fields: the date's preprocessing encodes
 * the parts under those names, which the ONNX model feeds the graph as before.
 */
export function withDateFields(plan: OnnxPlan, dates: DateFields): OnnxPlan {
  if (dates.size === 0) return plan;
  const partOf = new Map<string, string>();
  for (const [name, parts] of dates) for (const part of parts) partOf.set(`${name}_${part}`, name);
  const fields: ImportedField[] = [];
  for (const field of plan.fields) {
    const date = partOf.get(field.name);
    if (date === undefined) fields.push(field);
    else if (!fields.some((f) => f.name === date))
      fields.push({ name: date, kind: 'date', parts: dates.get(date)! });
  }
  return { ...plan, fields };
}

/**
 * The plan with a date field turned back into its part fields where the data file holds the
 * parts and not the date (a file written for the graph's own inputs): the file decides.
 */
export function withPartsFromData(plan: OnnxPlan, profile: DatasetProfile): OnnxPlan {
  const columns = new Set(profile.columns.map((column) => column.name));
  if (!plan.fields.some((field) => field.kind === 'date' && !columns.has(field.name))) return plan;
  const fields = plan.fields.flatMap((field): ImportedField[] =>
    field.kind === 'date' &&
    !columns.has(field.name) &&
    field.parts.every((part) => columns.has(`${field.name}_${part}`))
      ? field.parts.map((part) => ({ name: `${field.name}_${part}`, kind: 'number' }))
      : [field],
  );
  return { ...plan, fields };
}
