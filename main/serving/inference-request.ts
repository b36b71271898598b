import { parseJsonBody } from './model-predictions.js';

/** One input of a model as /model/info lists it: enough to decode named tensors into records. */
export type InferenceInput = {
  name: string;
  type: 'number' | 'category' | 'binary' | 'date';
  /** The input's snake_case name, accepted in its place. */
  alias?: string;
  /** A date the model defaults to the day of the request: the tensor may be left out. */
  optional?: boolean;
};

/** An Open Inference Protocol (KServe v2) infer request, decoded into the records /batch_predict takes. */
export type DecodedInferRequest = {
  /** The caller's `id`, echoed in the answer. */
  id?: string;
  records: Record<string, unknown>[];
  /** The outputs asked for by name, or null for all of them. */
  outputs: string[] | null;
};

/** A request the protocol or the model's inputs refuse: a 400 whose message names the input and row. */
export class InferRequestError extends Error {}

type Datatype = keyof typeof ELEMENT_BYTES;

/** Bytes per element in the binary tensor extension; BYTES elements carry their own length. */
const ELEMENT_BYTES = {
  BOOL: 1,
  UINT8: 1,
  UINT16: 2,
  UINT32: 4,
  UINT64: 8,
  INT8: 1,
  INT16: 2,
  INT32: 4,
  INT64: 8,
  FP16: 2,
  FP32: 4,
  FP64: 8,
  BYTES: 0,
} as const;

const NUMERIC = new Set<string>(['UINT8', 'UINT16', 'UINT32', 'UINT64', 'INT8', 'INT16', 'INT32', 'INT64']);
const FLOATING = new Set<string>(['FP16', 'FP32', 'FP64']);

/**
 * Decodes a v2 infer request (JSON, or JSON followed by binary tensors when
 * `Inference-Header-Content-Length` is set, as Triton's client sends by default) into one record
 * per row: each input tensor is one column, of shape [N] or [N, 1], its data flat or nested. A
 * null element is a missing value, as in /predict. Every input of the model must be sent (a
 * date it defaults to the request's day may be left out), and no other: a misspelt tensor name
 * would otherwise silently score every row as missing.
 */
export function decodeInferRequest(
  body: Buffer,
  headerLength: string | string[] | undefined,
  model: { name: string; inputs: InferenceInput[] },
): DecodedInferRequest {
  const { json, binary } = splitBody(body, headerLength);
  let request: unknown;
  try {
    request = parseJsonBody(json.toString('utf8'));
  } catch (error) {
    throw new InferRequestError((error as Error).message);
  }
  if (!isObject(request)) throw new InferRequestError('The request body must be a JSON object with "inputs"');
  // KServe's python client writes "id": null when the caller set none.
  const { id = null, inputs, outputs = null } = request;
  if (id !== null && typeof id !== 'string') throw new InferRequestError('"id" must be a string');
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new InferRequestError(
      `"inputs" must be a list of named tensors, one per input of model ${model.name}: ${names(model.inputs)}`,
    );
  }
  const byName = new Map<string, InferenceInput>();
  for (const input of model.inputs) {
    byName.set(input.name, input);
    if (input.alias) byName.set(input.alias, input);
  }
  const columns = new Map<string, unknown[]>();
  let rows: { count: number; from: string } | null = null;
  let offset = 0;
  for (const [index, tensor] of inputs.entries()) {
    if (!isObject(tensor) || typeof tensor.name !== 'string') {
      throw new InferRequestError(`inputs[${index}] must be an object with a "name"`);
    }
    const label = `input "${tensor.name}"`;
    const input = byName.get(tensor.name);
    if (!input) {
      throw new InferRequestError(
        `${label} is not an input of model ${model.name} (its inputs: ${names(model.inputs)})`,
      );
    }
    if (columns.has(input.name)) throw new InferRequestError(`${label} is sent twice`);
    const datatype = checkedDatatype(tensor.datatype, label, input);
    const count = rowsOf(tensor.shape, label);
    if (rows !== null && rows.count !== count) {
      throw new InferRequestError(
        `${label}: shape has ${count} rows, but input "${rows.from}" has ${rows.count}; every input holds one value per row`,
      );
    }
    rows ??= { count, from: tensor.name };
    const size = binaryDataSize(tensor, label);
    let values: unknown[];
    if (size === undefined) {
      if (tensor.data === undefined) throw new InferRequestError(`${label}: "data" is missing`);
      values = jsonValues(tensor.data, datatype, label);
    } else {
      if (tensor.data !== undefined) {
        throw new InferRequestError(`${label}: send "data" or parameters.binary_data_size, not both`);
      }
      if (offset + size > binary.length) {
        throw new InferRequestError(
          `${label}: binary_data_size is ${size} bytes, but only ${binary.length - offset} bytes of binary data are left`,
        );
      }
      values = binaryValues(binary.subarray(offset, offset + size), datatype, label);
      offset += size;
    }
    if (values.length !== count) {
      throw new InferRequestError(`${label}: shape holds ${count} values, but data has ${values.length}`);
    }
    columns.set(input.name, values);
  }
  if (offset !== binary.length) {
    throw new InferRequestError(
      `The body holds ${binary.length - offset} bytes of binary data that no input's binary_data_size accounts for`,
    );
  }
  const missing = model.inputs.filter((input) => !input.optional && !columns.has(input.name));
  if (missing.length > 0) {
    const [first] = missing;
    throw new InferRequestError(
      `input "${first.name}" is missing (a ${first.type} feature of model ${model.name}; send null for a row without a value)${missing.length > 1 ? `; also missing: ${names(missing.slice(1))}` : ''}`,
    );
  }
  const count = rows?.count ?? 0;
  if (count === 0) throw new InferRequestError('The inputs hold no rows: shape [0]');
  const records: Record<string, unknown>[] = Array.from({ length: count }, () => ({}));
  for (const [name, values] of columns) {
    for (let row = 0; row < count; row++) records[row][name] = values[row];
  }
  return { ...(id === null ? {} : { id }), records, outputs: requestedOutputs(outputs) };
}

/** The JSON header and the binary tensors after it (none without the extension's header). */
function splitBody(
  body: Buffer,
  headerLength: string | string[] | undefined,
): { json: Buffer; binary: Buffer } {
  if (headerLength === undefined) return { json: body, binary: body.subarray(body.length) };
  const text = Array.isArray(headerLength) ? headerLength[0] : headerLength;
  const length = /^\d+$/.test(text ?? '') ? Number(text) : Number.NaN;
  if (!(length > 0 && length <= body.length)) {
    throw new InferRequestError(
      `Inference-Header-Content-Length must be the length in bytes of the JSON header (1 to ${body.length}); got "${text}"`,
    );
  }
  return { json: body.subarray(0, length), binary: body.subarray(length) };
}

function checkedDatatype(value: unknown, label: string, input: InferenceInput): Datatype {
  if (typeof value !== 'string' || !(value in ELEMENT_BYTES)) {
    throw new InferRequestError(
      `${label}: datatype ${JSON.stringify(value ?? null)} is not one of ${Object.keys(ELEMENT_BYTES).join(', ')}`,
    );
  }
  const datatype = value as Datatype;
  if (input.type === 'number' && !NUMERIC.has(datatype) && !FLOATING.has(datatype)) {
    throw new InferRequestError(
      `${label}: datatype ${datatype} cannot carry a number feature; send FP64, FP32 or INT64`,
    );
  }
  if (input.type === 'date' && datatype !== 'BYTES') {
    throw new InferRequestError(
      `${label}: datatype ${datatype} cannot carry a date; send BYTES (the date as text)`,
    );
  }
  return datatype;
}

/** The row count of a tensor of shape [N] or [N, 1]: one value per row. */
function rowsOf(shape: unknown, label: string): number {
  const valid =
    Array.isArray(shape) &&
    shape.every((d) => Number.isInteger(d) && (d as number) >= 0) &&
    (shape.length === 1 || (shape.length === 2 && shape[1] === 1));
  if (!valid) {
    throw new InferRequestError(
      `${label}: shape ${JSON.stringify(shape ?? null)} is not one value per row; send [N] or [N, 1]`,
    );
  }
  return shape[0] as number;
}

function binaryDataSize(tensor: Record<string, unknown>, label: string): number | undefined {
  const parameters = tensor.parameters;
  if (parameters === undefined || parameters === null) return undefined;
  if (!isObject(parameters)) throw new InferRequestError(`${label}: "parameters" must be an object`);
  const size = parameters.binary_data_size;
  if (size === undefined) return undefined;
  if (!Number.isInteger(size) || (size as number) < 0) {
    throw new InferRequestError(`${label}: parameters.binary_data_size must be a whole number of bytes`);
  }
  return size as number;
}

/** A tensor's JSON data, flat or nested (row-major), each element checked against the datatype. */
function jsonValues(data: unknown, datatype: Datatype, label: string): unknown[] {
  const values = Array.isArray(data) ? (data.flat(Number.POSITIVE_INFINITY) as unknown[]) : [data];
  for (const [row, value] of values.entries()) {
    if (value === null) continue;
    const expected = elementProblem(value, datatype);
    if (expected)
      throw new InferRequestError(`${label}: row ${row}: expected ${expected}; got ${show(value)}`);
  }
  return values;
}

/** What a JSON element of this datatype must be, or null when it is one. */
function elementProblem(value: unknown, datatype: Datatype): string | null {
  if (datatype === 'BYTES') return typeof value === 'string' ? null : 'a string (BYTES)';
  if (datatype === 'BOOL') return typeof value === 'boolean' ? null : 'true or false (BOOL)';
  if (FLOATING.has(datatype)) return typeof value === 'number' ? null : `a number (${datatype})`;
  const whole = typeof value === 'number' && Number.isInteger(value);
  if (datatype.startsWith('U')) return whole && value >= 0 ? null : `a whole number ≥ 0 (${datatype})`;
  return whole ? null : `a whole number (${datatype})`;
}

/** The elements of a binary tensor: little-endian, row-major; BYTES as 4-byte length + UTF-8. */
function binaryValues(bytes: Buffer, datatype: Datatype, label: string): unknown[] {
  if (datatype === 'BYTES') {
    const values: string[] = [];
    let at = 0;
    while (at < bytes.length) {
      if (at + 4 > bytes.length)
        throw new InferRequestError(`${label}: row ${values.length}: truncated BYTES length`);
      const length = bytes.readUInt32LE(at);
      if (at + 4 + length > bytes.length) {
        throw new InferRequestError(
          `${label}: row ${values.length}: BYTES element runs past binary_data_size`,
        );
      }
      values.push(bytes.toString('utf8', at + 4, at + 4 + length));
      at += 4 + length;
    }
    return values;
  }
  if (datatype === 'FP16')
    throw new InferRequestError(`${label}: binary FP16 is not supported; send FP32 or FP64`);
  const width = ELEMENT_BYTES[datatype];
  if (bytes.length % width !== 0) {
    throw new InferRequestError(
      `${label}: binary_data_size ${bytes.length} is not a whole number of ${datatype} elements (${width} bytes each)`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const read: (at: number) => unknown = {
    BOOL: (at: number) => view.getUint8(at) !== 0,
    UINT8: (at: number) => view.getUint8(at),
    UINT16: (at: number) => view.getUint16(at, true),
    UINT32: (at: number) => view.getUint32(at, true),
    UINT64: (at: number) => Number(view.getBigUint64(at, true)),
    INT8: (at: number) => view.getInt8(at),
    INT16: (at: number) => view.getInt16(at, true),
    INT32: (at: number) => view.getInt32(at, true),
    INT64: (at: number) => Number(view.getBigInt64(at, true)),
    FP32: (at: number) => view.getFloat32(at, true),
    FP64: (at: number) => view.getFloat64(at, true),
  }[datatype];
  const values: unknown[] = [];
  for (let at = 0; at < bytes.length; at += width) {
    const value = read(at);
    // NaN is how numpy holds a missing float: it is a missing value here, as null is in JSON.
    values.push(typeof value === 'number' && Number.isNaN(value) ? null : value);
  }
  return values;
}

function requestedOutputs(outputs: unknown): string[] | null {
  if (outputs === null) return null;
  if (!Array.isArray(outputs) || outputs.some((o) => !isObject(o) || typeof o.name !== 'string')) {
    throw new InferRequestError('"outputs" must be a list of {"name": …}');
  }
  return outputs.map((o) => (o as { name: string }).name);
}

function names(inputs: InferenceInput[]): string {
  return inputs
    .map((input) => `${input.name} (${input.type}${input.optional ? ', optional' : ''})`)
    .join(', ');
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
