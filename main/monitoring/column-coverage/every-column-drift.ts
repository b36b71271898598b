import type { DatasetProfile } from '../../data/types.js';
import type { ModelSignature } from '../../training/types.js';
import { asTrainingKind, type ColumnCells, cellLabels } from '../data-quality/index.js';
import {
  buildReferenceDistribution,
  type DriftColumn,
  type DriftOptions,
  type DriftReport,
  detectDrift,
  type FeatureDrift,
  resolveDriftOptions,
  summariseDrift,
} from '../drift/index.js';
import {
  constantColumnVerdict,
  dateRangeCheck,
  emptyColumnVerdict,
  idColumnVerdict,
} from './special-columns.js';
import { type TrainingColumn, trainingColumns } from './training-columns.js';

/** One side's columns by name (null: that side has no such column). */
export type CellsOf = (name: string) => ColumnCells | null;

export type EveryColumnInput = {
  /** The model inputs' report, as `detectDrift` made it from the package's reference distribution. */
  report: DriftReport;
  options: Partial<DriftOptions>;
  signature: ModelSignature;
  training: { profile: DatasetProfile; cells: CellsOf };
  current: {
    cells: CellsOf;
    names: readonly string[];
    /** Live requests carry only the model's inputs: the other columns cannot be checked. */
    onlyModelInputs: boolean;
  };
};

/**
 * The drift report widened to every column of the training data but the target: the columns the
 * model left out (constant, id-like, empty, or not chosen) compared with the whole training
 * dataset, dates by a range check, constant / empty / id-like columns by the statistic that means
 * something for them (special-columns.ts). Every entry says `usedByModel`. The headline verdict
 * (drift share, dataset drift) still counts only the model's non-date inputs: a column the model
 * never reads cannot move its predictions; the others are reported and flagged beside it.
 */
export function everyColumnDrift(input: EveryColumnInput): DriftReport {
  const { report, signature, training, current } = input;
  const columns = trainingColumns(training.profile, signature).filter(
    (column) => column.usedByModel || !current.onlyModelInputs,
  );
  const byName = new Map<string, FeatureDrift>(
    report.features.map((feature) => [feature.name, { ...feature, usedByModel: true }]),
  );
  for (const feature of leftOutFeatures(input, columns)) byName.set(feature.name, feature);

  const features: FeatureDrift[] = [];
  for (const column of columns) {
    const trained = training.cells(column.name);
    if (trained === null) continue;
    const raw = current.cells(column.name);
    const now = raw === null ? null : asTrainingKind(raw, column.kind);
    if (column.kind === 'date') {
      features.push(dateRangeCheck(column, trained, now));
      continue;
    }
    const feature = byName.get(column.name);
    if (!feature) continue;
    byName.delete(column.name);
    if (column.role === 'constant') features.push(constantColumnVerdict(feature, column, trained, now));
    else if (column.role === 'empty') features.push(emptyColumnVerdict(feature, training.profile.rows, now));
    else if (column.role === 'id') features.push(idColumnVerdict(feature, column, now));
    else features.push(feature);
  }
  // Model inputs the training profile does not list (not expected): kept as the detector judged them.
  features.push(...byName.values());
  return withHeadline(input, features, columns);
}

/** The columns the model does not read, compared with the training dataset as one family of tests of their own. */
function leftOutFeatures(input: EveryColumnInput, columns: readonly TrainingColumn[]): FeatureDrift[] {
  const { training, current } = input;
  const leftOut = columns.filter((column) => !column.usedByModel && column.kind !== 'date');
  const referenceColumns: DriftColumn[] = [];
  const currentColumns: DriftColumn[] = [];
  for (const column of leftOut) {
    const trained = training.cells(column.name);
    if (trained === null) continue;
    referenceColumns.push(
      column.kind === 'number'
        ? { name: column.name, kind: 'numeric', values: trained.numbers ?? new Float64Array(trained.rows) }
        : { name: column.name, kind: 'categorical', values: cellLabels(trained) },
    );
    const raw = current.cells(column.name);
    if (raw !== null) currentColumns.push(asDriftColumn(raw, column));
  }
  if (referenceColumns.length === 0) return [];
  const reference = buildReferenceDistribution(referenceColumns);
  return detectDrift(reference, { columns: currentColumns }, input.options).features.map((feature) => ({
    ...feature,
    usedByModel: false,
  }));
}

/**
 * Current cells as the detector compares them. Numbers where training had labels become labels;
 * labels where training had numbers stay labels, so the detector reports the change of type.
 */
function asDriftColumn(cells: ColumnCells, column: TrainingColumn): DriftColumn {
  if (column.kind === 'category' || cells.kind === 'date') {
    const labelled = asTrainingKind(cells, 'category');
    return {
      name: column.name,
      kind: 'categorical',
      values: { codes: labelled.codes ?? new Int32Array(0), dictionary: labelled.dictionary ?? [] },
    };
  }
  if (cells.kind === 'number') {
    return {
      name: column.name,
      kind: 'numeric',
      values: cells.numbers ?? new Float64Array(cells.rows),
      typeMismatches: cells.mismatches ?? 0,
    };
  }
  return {
    name: column.name,
    kind: 'categorical',
    values: { codes: cells.codes ?? new Int32Array(0), dictionary: cells.dictionary ?? [] },
  };
}

function withHeadline(
  input: EveryColumnInput,
  features: FeatureDrift[],
  columns: readonly TrainingColumn[],
): DriftReport {
  const settings = resolveDriftOptions(input.options);
  const counted = features.filter((feature) => feature.usedByModel !== false && feature.kind !== 'date');
  const applicable = counted.filter((feature) => feature.status !== 'not_applicable');
  const drifted = applicable.filter((feature) => feature.status === 'drift');
  const driftShare = applicable.length === 0 ? 0 : drifted.length / applicable.length;
  const headline: DriftReport = {
    ...input.report,
    datasetDrift: applicable.length > 0 && driftShare >= settings.driftShare,
    driftShare,
    driftedFeatures: drifted.length,
    applicableFeatures: applicable.length,
    features: counted,
  };
  const known = new Set([...columns.map((column) => column.name), input.signature.output.name]);
  const ignored = input.current.names.filter((name) => !known.has(name));
  const parts = [summariseDrift(headline, settings, ignored)];
  const leftOut = features.filter((feature) => feature.usedByModel === false && feature.kind !== 'date');
  if (leftOut.length > 0) {
    const flagged = leftOut.filter((feature) => feature.status === 'drift' || feature.status === 'warning');
    parts.push(
      `Columns the model does not read (reported, not counted in the drift share): ${leftOut.length}${
        flagged.length > 0
          ? `, flagged: ${flagged.map((feature) => `${feature.name} (${feature.status})`).join(', ')}`
          : ', none flagged'
      }.`,
    );
  }
  const dates = features.filter((feature) => feature.kind === 'date' && feature.rangeCheck !== undefined);
  const outside = dates.filter((feature) => feature.status === 'drift');
  if (outside.length > 0) {
    parts.push(
      `Dates outside the training window (range check, not counted): ${outside.map((feature) => `${feature.name} ${((feature.rangeCheck?.outsideShare ?? 0) * 100).toFixed(1)}%`).join(', ')}.`,
    );
  }
  if (input.current.onlyModelInputs) {
    parts.push('Live requests carry only the model’s inputs, so the columns it left out are not checked.');
  }
  return { ...headline, features, summary: parts.join(' ') };
}
