/** What profiling learns about a dataset: plain data, shared by the core and the views. */
/** Inferred kind of a CSV column. */
export type ColumnType = 'numeric' | 'integer' | 'binary' | 'category' | 'date' | 'text' | 'id';

export type Histogram = {
  /** Bin edges, length = counts.length + 1. */
  edges: number[];
  counts: number[];
};

export type NumericSummary = {
  mean: number;
  std: number;
  min: number;
  max: number;
  /** Quantiles at 0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1 (keys "p0", "p1", … "p100"). */
  quantiles: Record<string, number>;
  histogram: Histogram;
};

export type CategoricalSummary = {
  /** Most frequent values first (at most 50). */
  top: { value: string; count: number }[];
};

export type DateSummary = {
  /** ISO 8601 strings. */
  min: string;
  max: string;
  /** The format that parsed every value, e.g. "YYYY-MM-DD" or "DD-MM-YYYY". */
  format: string;
};

export type ColumnProfile = {
  name: string;
  type: ColumnType;
  /** Non-missing cells; `count + missing` is the dataset's row count. */
  count: number;
  missing: number;
  /** Distinct non-missing values. */
  distinct: number;
  /** Binary columns only: the two values in sorted order (numerically when both are numbers); index = 0/1. */
  levels?: [string, string];
  numeric?: NumericSummary;
  categorical?: CategoricalSummary;
  date?: DateSummary;
  /**
   * A text column whose values are nearly all dates in one format: the few that are not, so a
   * time split or a date feature can say which cells to fix instead of "no date column".
   */
  almostDate?: { format: string; unparsedCount: number; unparsed: string[] };
};

export type DatasetProfile = {
  rows: number;
  columns: ColumnProfile[];
};
