export { allRows, rowsWithValue } from './columns.js';
export { type DecodedColumns, decodeColumns, decodePrediction, unscaleTarget } from './decode.js';
export { type EncodedRows, encode, numericNames } from './encode.js';
export { DEFAULT_MOST_COMMON, fitPreprocessing } from './fit.js';
export {
  compileRecordCheck,
  expectedValue,
  type MissingValue,
  type RecordCheck,
  type RefusedValue,
  refusalMessage,
  refusedCells,
  type UnseenValue,
} from './record-check.js';
export { isMissingValue, type RecordFields, recordFields, snakeCase } from './record-fields.js';
export { fromJSON, toJSON } from './serialize.js';
export { inputSignature } from './signature.js';
export type {
  BinaryInputState,
  CategoryInputState,
  DateInputState,
  DatePart,
  InputState,
  NumberInputState,
  Preprocessing,
  TargetState,
} from './types.js';
export { selectByVif, type VifEntry, type VifSelection, varianceInflationFactors } from './vif.js';
