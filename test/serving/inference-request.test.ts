import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeInferRequest, InferRequestError } from '../../main/serving/inference-request.js';

const model = {
  name: 'm',
  inputs: [
    { name: 'Store', type: 'category' as const, alias: 'store' },
    { name: 'units', type: 'number' as const },
    { name: 'Date', type: 'date' as const, optional: true },
  ],
};

/** A Triton binary body: the JSON header, then each tensor's little-endian bytes. */
function binary(tensors: { name: string; datatype: string; bytes: Buffer; rows: number }[]) {
  const header = Buffer.from(
    JSON.stringify({
      inputs: tensors.map((t) => ({
        name: t.name,
        shape: [t.rows, 1],
        datatype: t.datatype,
        parameters: { binary_data_size: t.bytes.length },
      })),
    }),
  );
  return { body: Buffer.concat([header, ...tensors.map((t) => t.bytes)]), length: String(header.length) };
}

const int64 = (values: bigint[]) => {
  const bytes = Buffer.alloc(8 * values.length);
  values.forEach((v, i) => {
    bytes.writeBigInt64LE(v, 8 * i);
  });
  return bytes;
};
const fp32 = (values: number[]) => {
  const bytes = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => {
    bytes.writeFloatLE(v, 4 * i);
  });
  return bytes;
};
const strings = (values: string[]) =>
  Buffer.concat(
    values.flatMap((v) => {
      const text = Buffer.from(v);
      const length = Buffer.alloc(4);
      length.writeUInt32LE(text.length);
      return [length, text];
    }),
  );

test('binary INT64, FP32 (NaN is missing) and BYTES tensors become records; an alias names its input', () => {
  const { body, length } = binary([
    { name: 'store', datatype: 'INT64', bytes: int64([1n, 2n, -3n]), rows: 3 },
    { name: 'units', datatype: 'FP32', bytes: fp32([1.5, Number.NaN, 2]), rows: 3 },
    { name: 'Date', datatype: 'BYTES', bytes: strings(['2024-01-01', 'é', '']), rows: 3 },
  ]);
  assert.deepEqual(decodeInferRequest(body, length, model).records, [
    { Store: 1, units: 1.5, Date: '2024-01-01' },
    { Store: 2, units: null, Date: 'é' },
    { Store: -3, units: 2, Date: '' },
  ]);
});

test('an optional date may be left out; JSON BOOL and nested data decode', () => {
  const body = Buffer.from(
    JSON.stringify({
      inputs: [
        { name: 'Store', shape: [2, 1], datatype: 'BOOL', data: [[true], [false]] },
        { name: 'units', shape: [2], datatype: 'INT32', data: [3, null] },
      ],
    }),
  );
  assert.deepEqual(decodeInferRequest(body, undefined, model), {
    records: [
      { Store: true, units: 3 },
      { Store: false, units: null },
    ],
    outputs: null,
  });
});

test('broken binary bodies are refused with what is wrong, never thrown as anything else', () => {
  const good = binary([
    { name: 'Store', datatype: 'BYTES', bytes: strings(['a', 'b']), rows: 2 },
    { name: 'units', datatype: 'INT64', bytes: int64([1n, 2n]), rows: 2 },
  ]);
  const cases: [Buffer, string, RegExp][] = [
    [good.body.subarray(0, good.body.length - 3), good.length, /binary_data_size is 16 bytes, but only 13/],
    [Buffer.concat([good.body, Buffer.from([0])]), good.length, /1 bytes of binary data that no input/],
    [good.body, '0', /Inference-Header-Content-Length must be/],
    [good.body, String(good.body.length + 1), /Inference-Header-Content-Length must be/],
    [
      binary([
        { name: 'Store', datatype: 'BYTES', bytes: strings(['a']), rows: 1 },
        { name: 'units', datatype: 'FP64', bytes: Buffer.alloc(7), rows: 1 },
      ]).body,
      '',
      /Inference-Header-Content-Length must be/,
    ],
  ];
  for (const [body, length, message] of cases) {
    assert.throws(
      () => decodeInferRequest(body, length, model),
      (error: unknown) => error instanceof InferRequestError && message.test(error.message),
    );
  }
  const truncated = binary([
    { name: 'Store', datatype: 'BYTES', bytes: Buffer.from([9, 0, 0, 0, 65]), rows: 1 },
    { name: 'units', datatype: 'FP64', bytes: Buffer.alloc(7), rows: 1 },
  ]);
  assert.throws(
    () => decodeInferRequest(truncated.body, truncated.length, model),
    /input "Store": row 0: BYTES element runs past/,
  );
  const uneven = binary([
    { name: 'Store', datatype: 'BYTES', bytes: strings(['a']), rows: 1 },
    { name: 'units', datatype: 'FP64', bytes: Buffer.alloc(7), rows: 1 },
  ]);
  assert.throws(
    () => decodeInferRequest(uneven.body, uneven.length, model),
    /input "units": binary_data_size 7 is not a whole number of FP64 elements/,
  );
});
