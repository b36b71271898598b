import type { ColumnProfile } from '../data/types.js';
import type { VifSelection } from './vif.js';

/**
 * Fitted preprocessing: everything learnt from the training rows that turns a table into the
 * encoded matrices a model family sees, and a model's output back into labels or numbers.
 * Plain data throughout, so `preprocessing.json` in a model package is this object as is.
 */
export type NumberInputState = {
  kind: 'number';
  name: string;
  /** Raw value used for a missing one (mean, median or the configured constant). */
  fill: number;
  /** Encoded value = (raw - center) / scale. */
  center: number;
  scale: number;
};

export type BinaryInputState = {
  kind: 'binary';
  name: string;
  /** The label encoded as 0 and the label encoded as 1. */
  levels: [string, string];
  /** 0 or 1: the training split's more frequent level, used for missing and unknown values. */
  fill: number;
};

export type DatePart = 'year' | 'month' | 'week_of_year' | 'day_of_week' | 'day_of_year';

export type DateInputState = {
  kind: 'date';
  name: string;
  /** One numeric column per part, z-scored with the training split's mean and std. */
  parts: { part: DatePart; mean: number; std: number }[];
  /** The config's `default: request_time`: a prediction request may leave this date out. */
  default?: 'request_time';
  /**
   * `nan`: a missing date's parts are NaN, not the training mean. An imported ONNX graph takes
   * the parts raw and imputes a missing one itself, as it reads NaN; a request may then leave
   * the date out.
   */
  missing?: 'nan';
};

export type CategoryInputState = {
  kind: 'category';
  name: string;
  /** Index i + 1 encodes vocabulary[i]; index 0 is unknown or missing. */
  vocabulary: string[];
};

export type InputState = NumberInputState | BinaryInputState | DateInputState | CategoryInputState;

export type TargetState =
  | { name: string; task: 'binary' | 'category'; classes: string[] }
  | { name: string; task: 'number'; mean: number; std: number };

export type Preprocessing = {
  format: 'podium-preprocessing';
  version: 1;
  inputs: InputState[];
  target: TargetState;
  /**
   * Profiles of the input columns as they were ingested (types, date formats, binary levels),
   * so records sent for prediction are parsed the way the training data was.
   */
  columns: ColumnProfile[];
  /** The training rows' count, for the record. */
  fittedRows: number;
  /**
   * Present when the config asked for feature selection: what was dropped and why. Dropped
   * numbers and binaries are gone from `inputs`, dropped date parts from their date input.
   */
  selection?: VifSelection;
};
