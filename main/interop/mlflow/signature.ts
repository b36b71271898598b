import { PodiumError } from '../../contract/errors.js';

/**
 * One column of an MLflow model signature, as MLflow writes it into MLmodel: column-based
 * (`{"type": "double", "name": "age"}`) or tensor-based
 * (`{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 1]}, "name": "age"}`).
 */
export type SignatureColumn =
  | { kind: 'column'; name: string | null; type: string }
  | { kind: 'tensor'; name: string | null; dtype: string; shape: number[] };

/** Column types of MLflow's ColSpec that hold one number or one string per row. */
export const NUMBER_COLUMN_TYPES = new Set(['double', 'float', 'long', 'integer']);
export const STRING_COLUMN_TYPES = new Set(['string']);
/** Tensor dtypes (numpy names) Podium can fill from a record's fields. */
export const NUMBER_TENSOR_DTYPES = new Set(['float32', 'float64', 'int64', 'int32', 'float', 'double']);
export const STRING_TENSOR_DTYPES = new Set(['str', 'object', 'string']);

/**
 * Parses `signature.inputs` or `signature.outputs` (a JSON string in the YAML). Refuses what is
 * not one row per record: a tensor of rank above 2 (an image, a sequence), a fixed batch size.
 */
export function parseSignatureColumns(text: unknown, file: string, key: string): SignatureColumn[] {
  const bad = (message: string) =>
    new PodiumError('DATA_INVALID', `${file}: ${key}: ${message}; nothing was imported`, { file, key });
  if (typeof text !== 'string') throw bad('expected a JSON list of columns (as MLflow writes it)');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw bad(`not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(value) || value.length === 0) throw bad('expected a non-empty list of columns');
  return value.map((entry, index): SignatureColumn => {
    const where = `column ${index + 1}`;
    if (entry === null || typeof entry !== 'object') throw bad(`${where} is not an object`);
    const spec = entry as Record<string, unknown>;
    const name = typeof spec.name === 'string' && spec.name !== '' ? spec.name : null;
    const label = name === null ? where : `"${name}"`;
    if (spec.type === 'tensor') {
      const tensor = spec['tensor-spec'] as { dtype?: unknown; shape?: unknown } | undefined;
      if (!tensor || typeof tensor.dtype !== 'string' || !Array.isArray(tensor.shape))
        throw bad(`${label} is a tensor without a tensor-spec dtype and shape`);
      const shape = tensor.shape.map(Number);
      if (shape.length === 0 || shape.length > 2 || shape[0] !== -1 || shape.slice(1).some((d) => !(d >= 1)))
        throw bad(
          `${label} is a tensor of shape [${shape.join(', ')}]: Podium imports tabular models only (shape [-1] or [-1, k], one row per record)`,
        );
      if (!NUMBER_TENSOR_DTYPES.has(tensor.dtype) && !STRING_TENSOR_DTYPES.has(tensor.dtype))
        throw bad(`${label} is a tensor of ${tensor.dtype}: Podium imports number and string tensors only`);
      return { kind: 'tensor', name, dtype: tensor.dtype, shape };
    }
    if (typeof spec.type !== 'string') throw bad(`${label} has no type`);
    if (!NUMBER_COLUMN_TYPES.has(spec.type) && !STRING_COLUMN_TYPES.has(spec.type))
      throw bad(
        `${label} is of type ${spec.type}: Podium imports columns of double, float, long, integer and string`,
      );
    return { kind: 'column', name, type: spec.type };
  });
}

/** Whether a signature column holds strings (else numbers). */
export function isStringColumn(column: SignatureColumn): boolean {
  return column.kind === 'column'
    ? STRING_COLUMN_TYPES.has(column.type)
    : STRING_TENSOR_DTYPES.has(column.dtype);
}
