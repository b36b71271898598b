import type {
  DriftChunk as DriftChunkData,
  DriftReport as DriftReportData,
  DriftStatus,
} from '../../contract/index.js';
import type { ColumnKind } from './reference.js';

export type { DriftStatus };

/**
 * What a verdict rested on: effect sizes (large samples, or no valid test), the test's adjusted
 * p-value (small samples), a change of column type, or nothing (not applicable).
 */
export type DriftBasis = 'effect_size' | 'test' | 'schema' | 'none';

/** Every statistic is a finite number; a statistic that is undefined for the data is absent. */
export type DriftStatistics = {
  /** Two-sample Kolmogorov–Smirnov statistic sup|F_cur − F_ref| (numeric). */
  ks?: number;
  ks_p?: number;
  ks_p_adjusted?: number;
  /** Population Stability Index over the reference's quantile bins or categories. */
  psi?: number;
  /** Wasserstein-1 distance divided by the reference standard deviation (numeric). */
  wasserstein?: number;
  /** Wasserstein-1 distance in the feature's own units (numeric). */
  wasserstein_raw?: number;
  /** Jensen–Shannon distance, base 2, over the PSI bins or categories. */
  js?: number;
  /** Chi-square test of homogeneity after merging sparse cells (categorical). */
  chi2?: number;
  chi2_df?: number;
  chi2_p?: number;
  chi2_p_adjusted?: number;
  /** Share of current (non-missing) values in categories never seen in training (categorical). */
  unseen_share?: number;
  /** Share of current rows with no value (filled as in training when scored). */
  missing_share?: number;
  /** The same share in the training data. */
  missing_share_reference?: number;
  /** Current cells that did not read as the column's type; they count as missing. */
  type_mismatches?: number;
  /** A column constant in training: share of current values that differ from the constant, and its rule-of-three bound 3/N. */
  constant_differs_share?: number;
  constant_differs_threshold?: number;
  /** A column empty in training: share of current rows with a value, and its rule-of-three bound 3/N. */
  filled_share?: number;
  filled_threshold?: number;
  /** An id-like column: share of values that repeat another, in the current data and in training. */
  duplicate_share?: number;
  duplicate_share_reference?: number;
  /** A date column: share of current dates outside the training window. */
  outside_share?: number;
};

/** Shares (summing to 1 per side) over common bins, for plotting reference against current. */
export type NumericHistograms = { edges: number[]; reference: number[]; current: number[] };
/** Categories: the reference's top values, then "(other)" (rarer seen values) and "(unseen)". */
export type CategoricalHistograms = { categories: string[]; reference: number[]; current: number[] };

export type FeatureDrift = {
  name: string;
  /** `date`: a range check against the training window (`rangeCheck`), not a distribution test. */
  kind: ColumnKind | 'date';
  /** Whether the model reads the column (columns it left out are reported, not counted in the drift share). */
  usedByModel?: boolean;
  rangeCheck?: { outsideShare: number; window: [string, string] };
  status: DriftStatus;
  /** One or two sentences a person can read: what decided, with the numbers. */
  reason: string;
  decidedBy: DriftBasis;
  nReference: number;
  nCurrent: number;
  missingCurrent: number;
  statistics: DriftStatistics;
  histograms: NumericHistograms | CategoricalHistograms;
};

/** One period's drift (chunked-drift.ts), its features typed as the detector computes them. */
export type DriftChunk = Omit<DriftChunkData, 'features'> & { features: FeatureDrift[] };

/** The contract's report, with each feature's verdict typed as the detector computes it. */
export type DriftReport = Omit<DriftReportData, 'features' | 'prediction' | 'chunks'> & {
  features: FeatureDrift[];
  prediction?: FeatureDrift;
  chunks?: DriftChunk[];
};
