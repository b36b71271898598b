import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto, { type onnx as OnnxTypes } from 'onnx-proto';

/**
 * MLflow model directories as another tool writes them: an ONNX graph built with onnx-proto
 * (the protobuf definition every ONNX writer shares) and an MLmodel file in the layout
 * `mlflow.onnx.save_model` gives it, signature columns as JSON strings inside the YAML.
 */
const { onnx } = onnxProto;
const T = onnx.TensorProto.DataType;
const A = onnx.AttributeProto.AttributeType;

export type ElemType = 'float32' | 'float64' | 'int64' | 'string';
const ELEM: Record<ElemType, number> = {
  float32: T.FLOAT,
  float64: T.DOUBLE,
  int64: T.INT64,
  string: T.STRING,
};

export function valueInfo(
  name: string,
  type: ElemType,
  shape: (number | string)[],
): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEM[type],
        shape: { dim: shape.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

export const attr = {
  int: (name: string, i: number): OnnxTypes.IAttributeProto => ({ name, type: A.INT, i }),
  float: (name: string, f: number): OnnxTypes.IAttributeProto => ({ name, type: A.FLOAT, f }),
  floats: (name: string, floats: number[]): OnnxTypes.IAttributeProto => ({ name, type: A.FLOATS, floats }),
  ints: (name: string, ints: number[]): OnnxTypes.IAttributeProto => ({ name, type: A.INTS, ints }),
  string: (name: string, s: string): OnnxTypes.IAttributeProto => ({
    name,
    type: A.STRING,
    s: Buffer.from(s),
  }),
  strings: (name: string, strings: string[]): OnnxTypes.IAttributeProto => ({
    name,
    type: A.STRINGS,
    strings: strings.map((s) => Buffer.from(s)),
  }),
};

export function floatTensor(name: string, dims: number[], values: number[]): OnnxTypes.ITensorProto {
  return { name, dims, dataType: T.FLOAT, floatData: values };
}

export function onnxModel(graph: OnnxTypes.IGraphProto): Uint8Array {
  return onnx.ModelProto.encode(
    onnx.ModelProto.create({
      irVersion: 8,
      producerName: 'skl2onnx',
      producerVersion: '1.16.0',
      opsetImport: [
        { domain: '', version: 15 },
        { domain: 'ai.onnx.ml', version: 2 },
      ],
      graph,
    }),
  ).finish();
}

/** y = 2a - 3b + 0.5c + 1 over three [N,1] float inputs: Concat then Gemm, as a converted LinearRegression. */
export function linearRegressionOnnx(): Uint8Array {
  return onnxModel({
    name: 'linear_regression',
    node: [
      { opType: 'Concat', input: ['a', 'b', 'c'], output: ['x'], attribute: [attr.int('axis', 1)] },
      {
        opType: 'Gemm',
        input: ['x', 'coef', 'intercept'],
        output: ['variable'],
        attribute: [attr.int('transB', 1)],
      },
    ],
    initializer: [floatTensor('coef', [1, 3], [2, -3, 0.5]), floatTensor('intercept', [1], [1])],
    input: [
      valueInfo('a', 'float32', ['N', 1]),
      valueInfo('b', 'float32', ['N', 1]),
      valueInfo('c', 'float32', ['N', 1]),
    ],
    output: [valueInfo('variable', 'float32', ['N', 1])],
  });
}

/**
 * A logistic regression over one [N,k] float input, as skl2onnx converts it with zipmap=False:
 * ONNX-ML's LinearClassifier with its class labels, a label and a probabilities output.
 */
export function linearClassifierOnnx(options: {
  input: string;
  weights: number[];
  intercept: number;
  labels: { int64s: number[] } | { strings: string[] };
}): Uint8Array {
  const k = options.weights.length;
  const labels =
    'int64s' in options.labels
      ? attr.ints('classlabels_ints', options.labels.int64s)
      : attr.strings('classlabels_strings', options.labels.strings);
  return onnxModel({
    name: 'logistic_regression',
    node: [
      {
        opType: 'LinearClassifier',
        domain: 'ai.onnx.ml',
        input: [options.input],
        output: ['label', 'probabilities'],
        attribute: [
          // Scores -s and s: LOGISTIC's sigmoids of the two then sum to one.
          attr.floats('coefficients', [...options.weights.map((w) => -w), ...options.weights]),
          attr.floats('intercepts', [-options.intercept, options.intercept]),
          labels,
          attr.string('post_transform', 'LOGISTIC'),
        ],
      },
    ],
    input: [valueInfo(options.input, 'float32', ['N', k])],
    output: [
      valueInfo('label', 'int64s' in options.labels ? 'int64' : 'string', ['N']),
      valueInfo('probabilities', 'float32', ['N', 2]),
    ],
  });
}

export type MlflowDir = {
  onnx: Uint8Array;
  /** signature.inputs / outputs as the Python objects MLflow serialises (JSON-encoded into the YAML). */
  inputs: unknown[] | null;
  outputs: unknown[] | null;
  /** Pandas split orient, as MLflow saves a DataFrame example. */
  example?: { columns: string[]; data: unknown[][] };
  flavors?: 'onnx' | 'sklearn-only';
};

/** Writes the directory the way `mlflow.onnx.save_model(model, path, signature=..., input_example=...)` does. */
export function writeMlflowDir(dir: string, model: MlflowDir): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.onnx'), model.onnx);
  const onnxFlavor = [
    '  onnx:',
    '    code: null',
    '    data: model.onnx',
    '    onnx_version: 1.15.0',
    '    providers:',
    '    - CUDAExecutionProvider',
    '    - CPUExecutionProvider',
  ];
  const sklearnFlavor = [
    '  sklearn:',
    '    code: null',
    '    pickled_model: model.pkl',
    '    serialization_format: cloudpickle',
  ];
  const lines = [
    'artifact_path: model',
    'flavors:',
    ...(model.flavors === 'sklearn-only' ? sklearnFlavor : onnxFlavor),
    '  python_function:',
    '    data: model.onnx',
    '    env:',
    '      conda: conda.yaml',
    '      virtualenv: python_env.yaml',
    '    loader_module: mlflow.onnx',
    '    python_version: 3.10.12',
    'mlflow_version: 2.9.2',
    'model_size_bytes: 512',
    'model_uuid: 3f1c2b8e0d9a4c6f8e7d6c5b4a392817',
    'run_id: 5d3e9a7b1c2f4e6d8a0b1c2d3e4f5a6b',
  ];
  if (model.example) {
    lines.push(
      'saved_input_example_info:',
      '  artifact_path: input_example.json',
      '  pandas_orient: split',
      '  type: dataframe',
    );
    writeFileSync(join(dir, 'input_example.json'), JSON.stringify(model.example));
  }
  if (model.inputs !== null || model.outputs !== null) {
    lines.push('signature:');
    if (model.inputs !== null) lines.push(`  inputs: '${JSON.stringify(model.inputs)}'`);
    if (model.outputs !== null) lines.push(`  outputs: '${JSON.stringify(model.outputs)}'`);
    lines.push('  params: null');
  }
  lines.push("utc_time_created: '2026-12-01 10:00:00.000000'");
  writeFileSync(join(dir, 'MLmodel'), `${lines.join('\n')}\n`);
  return dir;
}

/** MLflow's tensor spec for a column of `dtype` with `width` values per row. */
export function tensorSpec(name: string, dtype: string, shape: number[]): unknown {
  return { type: 'tensor', 'tensor-spec': { dtype, shape }, name };
}
