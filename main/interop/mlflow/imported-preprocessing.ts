import type { ColumnProfile, DatasetProfile, Table } from '../../data/types.js';
import type { InputState, Preprocessing, TargetState } from '../../features/index.js';
import type { OnnxPlan } from './onnx-plan.js';

/**
 * The dataset's columns with the model's fields typed as the signature says (a number field is
 * read as numbers, a string field as categories), whatever profiling guessed: the graph decides
 * what a field is, not the file.
 */
export function fieldProfiles(profile: DatasetProfile, plan: OnnxPlan, target: string): ColumnProfile[] {
  return profile.columns.map((column) => {
    const field = plan.fields.find((f) => f.name === column.name);
    if (!field || column.name === target) return column;
    const { name, count, missing, distinct } = column;
    // Read as ISO 8601 where the rows gave no date format (an input example of parts, no rows).
    if (field.kind === 'date')
      return column.type === 'date'
        ? column
        : { name, type: 'date', count, missing, distinct, date: { min: '', max: '', format: 'ISO-8601' } };
    return field.kind === 'number'
      ? {
          name,
          type: 'numeric',
          count,
          missing,
          distinct,
          ...(column.numeric ? { numeric: column.numeric } : {}),
        }
      : { name, type: 'category', count, missing, distinct };
  });
}

/**
 * Preprocessing that hands the graph the values as sent: numbers pass through unchanged, dates
 * as their parts
 * (center 0, scale 1; a missing one is filled with the data's mean, 0 without data) and strings
 * become category codes over the values the graph itself knows (`graphStrings`), then those the
 * data or the input example holds. The target is the graph's own output: a number as is, or the
 * graph's classes.
 */
export function importedPreprocessing(
  table: Table,
  profile: DatasetProfile,
  plan: OnnxPlan,
  target: string,
  graphStrings: ReadonlyMap<string, string[]> = new Map(),
): Preprocessing {
  const typed = fieldProfiles(profile, plan, target);
  const inputs = plan.fields.map((field): InputState => {
    const column = table.columns.find((c) => c.name === field.name);
    if (field.kind === 'number') {
      let sum = 0;
      let count = 0;
      if (column && column.values instanceof Float64Array)
        for (const value of column.values)
          if (Number.isFinite(value)) {
            sum += value;
            count++;
          }
      return { kind: 'number', name: field.name, fill: count > 0 ? sum / count : 0, center: 0, scale: 1 };
    }
    if (field.kind === 'date')
      // The parts as the graph takes them (unscaled), derived by the same function as Podium's
      // own date features; a missing date's parts are NaN, which the graph imputes.
      return {
        kind: 'date',
        name: field.name,
        parts: field.parts.map((part) => ({ part, mean: 0, std: 1 })),
        missing: 'nan',
      };
    const counts = new Map<string, number>();
    if (column && !(column.values instanceof Float64Array))
      for (const value of column.values) if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1);
    const seen = [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([value]) => value);
    const known = graphStrings.get(field.name) ?? [];
    const vocabulary = [...known, ...seen.filter((value) => !known.includes(value))];
    return { kind: 'category', name: field.name, vocabulary };
  });
  const targetState: TargetState =
    plan.task === 'number'
      ? { name: target, task: 'number', mean: 0, std: 1 }
      : { name: target, task: plan.task, classes: plan.classes ?? [] };
  return {
    format: 'podium-preprocessing',
    version: 1,
    inputs,
    target: targetState,
    columns: plan.fields.map((field) => typed.find((c) => c.name === field.name)!),
    fittedRows: table.rowCount,
  };
}
