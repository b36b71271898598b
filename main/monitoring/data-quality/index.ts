/** Data-quality checks of every column against thresholds learned from chunks of the training data. */

export { dataQualityChecks, OUT_OF_RANGE_MARGIN, type QualityColumn } from './checks.js';
export { chunkPlan, learnThreshold, MIN_CHUNKS } from './chunk-thresholds.js';
export {
  asTrainingKind,
  type CellKind,
  type ColumnCells,
  cellKindOf,
  cellLabels,
  columnarCells,
  countMissing,
  tableCells,
} from './column-cells.js';
