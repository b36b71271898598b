import { PodiumError } from '../../contract/errors.js';
import type { ColumnarTable } from '../../data/columnar/index.js';
import { type CsvReading, loadTable } from '../../data/index.js';
import type { DatasetProfile, Table } from '../../data/types.js';
import { heldOutRows, loadPredictor, type Predictor, splitRows } from '../../training/index.js';
import type { SplitConfig } from '../../training/types.js';
import { realisedLoss } from './direct-loss-estimation.js';
import {
  type EstimationMethod,
  fitLabelFreeEstimator,
  type LabelFreeEstimator,
} from './label-free-estimator.js';
import { attributePerformance, type ColumnAttribution } from './performance-attribution.js';
import { profiledTable } from './profiled-table.js';
import { type OutsideReference, outsideReferenceRange } from './reference-range.js';

/**
 * Where a version's estimator learns: the dataset snapshot it was trained on and the split that
 * training made of it (model_config.yaml's split and seed), whose held-out rows it never saw.
 */
export type EstimateReference = {
  path: string;
  profile: DatasetProfile;
  dialect: CsvReading;
  split: SplitConfig;
  seed: number;
};

export type VersionToEstimate = {
  version: number;
  role: string;
  packagePath: string;
  reference: EstimateReference;
};

export type MetricEstimate = {
  metric: string;
  estimated: number;
  /** Against the file's target, where it has one. */
  realised: number | null;
  /** Realised on the held-out reference rows: what the estimate is when nothing moved. */
  reference: number | null;
};

export type VersionEstimateResult = {
  version: number;
  role: string;
  method: EstimationMethod;
  referenceRows: number;
  rows: number;
  metrics: MetricEstimate[];
  attribution: ColumnAttribution[] | null;
  /** Numeric inputs with rows beyond the reference's range, where the estimate cannot see. */
  outsideReference: OutsideReference[];
};

type LoadedReference = { table: Table; rows: Uint32Array };

export async function loadReference(reference: EstimateReference): Promise<LoadedReference> {
  const table = await loadTable(reference.path, reference.profile, reference.dialect);
  return { table, rows: heldOutRows(splitRows(table, reference.split, reference.seed)) };
}

/** The columns a version reads, and the target where the file has it, typed as its reference. */
function currentTableFor(
  current: ColumnarTable,
  predictor: Predictor,
  reference: EstimateReference,
  label: string,
) {
  const inputs = predictor.signature.inputs;
  const required = new Set(inputs.filter((input) => input.default === undefined).map((input) => input.name));
  const wanted = new Set([...inputs.map((input) => input.name), predictor.preprocessing.target.name]);
  const columns = reference.profile.columns.filter((column) => wanted.has(column.name));
  return profiledTable(current, columns, required, label);
}

/** A version's label-free estimate on a file, beside the realised metrics where the file has the target. */
export async function estimateVersion(
  current: ColumnarTable,
  input: VersionToEstimate,
  options: { attribution: boolean },
): Promise<VersionEstimateResult> {
  const predictor = await loadPredictor(input.packagePath);
  try {
    const reference = await loadReference(input.reference);
    const table = currentTableFor(current, predictor, input.reference, `v${input.version}`);
    const estimator = await fitLabelFreeEstimator(predictor, reference.table, reference.rows);
    const estimated = await estimator.estimate(table);
    const realised = await estimator.realised(table);
    const atReference = await estimator.realised(reference.table, reference.rows);
    return {
      version: input.version,
      role: input.role,
      method: estimator.method,
      referenceRows: estimator.referenceRows,
      rows: estimated.rows,
      metrics: Object.entries(estimated.metrics).map(([metric, value]) => ({
        metric,
        estimated: value,
        realised: realised?.[metric] ?? null,
        reference: atReference?.[metric] ?? null,
      })),
      attribution: options.attribution
        ? await attributePerformance(
            estimator,
            table,
            reference.table,
            reference.rows,
            predictor.signature.inputs.map((inputColumn) => inputColumn.name),
          )
        : null,
      outsideReference: outsideReferenceRange(
        table,
        reference.table,
        predictor.signature.inputs.map((inputColumn) => inputColumn.name),
      ),
    };
  } finally {
    predictor.dispose();
  }
}

/**
 * The MAE and RMSE a regression version is estimated to have on `current` (a table typed as its
 * reference, e.g. live requests via tableFromRecords), without labels; `realised` where `current`
 * holds the target, `reference` on its held-out rows. What a rollout's baking check can compare.
 */
export async function estimateRegressionLoss(input: {
  packagePath: string;
  reference: EstimateReference;
  current: Table;
}): Promise<{
  estimated: { rows: number; mae: number; rmse: number };
  realised: { mae: number; rmse: number } | null;
  reference: { rows: number; mae: number; rmse: number };
}> {
  const predictor = await loadPredictor(input.packagePath);
  try {
    const reference = await loadReference(input.reference);
    const estimator: LabelFreeEstimator = await fitLabelFreeEstimator(
      predictor,
      reference.table,
      reference.rows,
    );
    if (estimator.method !== 'dle') {
      throw new PodiumError(
        'USAGE',
        `${input.packagePath} is a classifier: its estimate is CBPE, not a loss`,
      );
    }
    const estimated = await estimator.estimate(input.current);
    const realised = await estimator.realised(input.current);
    const target = predictor.preprocessing.target.name;
    const actual = reference.table.columns.find((column) => column.name === target)?.values as Float64Array;
    const predicted = (await predictor.predictColumns(reference.table, reference.rows)) as {
      values: Float64Array;
    };
    const atReference = realisedLoss(
      Float64Array.from(reference.rows, (row) => actual[row]),
      predicted.values,
    );
    return {
      estimated: { rows: estimated.rows, mae: estimated.metrics.mae, rmse: estimated.metrics.rmse },
      realised: realised ? { mae: realised.mae, rmse: realised.rmse } : null,
      reference: atReference,
    };
  } finally {
    predictor.dispose();
  }
}
