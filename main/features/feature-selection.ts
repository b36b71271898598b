import type { Table } from '../data/types.js';
import { encode } from './encode.js';
import type { InputState, Preprocessing } from './types.js';
import { selectByVif } from './vif.js';

/**
 * VIF-based feature selection on the training rows, applied to fitted preprocessing. It looks
 * at the numeric block (numbers, binaries and date parts, after imputation and scaling, which
 * leave VIFs unchanged); category features are one-hot or embedded by the families and are
 * kept whole. What is dropped leaves the preprocessing, so encoders, signatures and every
 * model family simply never see it; the record of what went and why stays in `selection`.
 */
export function selectFeaturesByVif(
  pre: Preprocessing,
  table: Table,
  trainRows: Uint32Array,
  threshold: number,
): Preprocessing {
  const { x } = encode(pre, table, trainRows);
  const width = x.numericWidth;
  const columns = x.numericNames.map((_, j) => {
    const values = new Float64Array(x.rows);
    for (let i = 0; i < x.rows; i++) values[i] = x.numeric[i * width + j];
    return values;
  });
  const selection = selectByVif(x.numericNames, columns, threshold);
  const dropped = new Set(selection.dropped.map((entry) => entry.name));
  const inputs: InputState[] = [];
  for (const input of pre.inputs) {
    if (input.kind === 'date') {
      const parts = input.parts.filter((part) => !dropped.has(`${input.name}_${part.part}`));
      if (parts.length > 0) inputs.push({ ...input, parts });
    } else if (input.kind === 'category' || !dropped.has(input.name)) {
      inputs.push(input);
    }
  }
  return { ...pre, inputs, selection };
}
