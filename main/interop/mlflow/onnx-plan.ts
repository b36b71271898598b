import type { InferenceSession } from 'onnxruntime-node';
import { PodiumError } from '../../contract/errors.js';
import type { DatePart } from '../../features/index.js';
import { ONNX_INPUT_TYPES, type OnnxInputType, type OnnxLayout } from '../../training/onnx/onnx-layout.js';
import type { Task } from '../../training/types.js';
import { graphClassLabels } from './class-labels.js';
import type { MlflowModel } from './mlmodel.js';
import { isStringColumn, type SignatureColumn } from './signature.js';

/**
 * A record field the imported model reads: a number or a string, or a date whose parts the
 * graph takes (`<name>_<part>` inputs), derived here as Podium derives them.
 */
export type ImportedField =
  | { name: string; kind: 'number' | 'string' }
  | { name: string; kind: 'date'; parts: DatePart[] };

/** How records reach the graph and what it answers: from the signature, checked against the session. */
export type OnnxPlan = {
  fields: ImportedField[];
  inputs: OnnxLayout['inputs'];
  outputs: OnnxLayout['outputs'];
  task: Task;
  /** Classifiers: the labels in the order of the probabilities' columns. */
  classes?: string[];
  /** The signature's name for what the model predicts, if it gives one. */
  outputName: string | null;
};

type Metadata = InferenceSession.ValueMetadata;

export async function planOnnxModel(
  model: MlflowModel,
  session: InferenceSession,
  bytes: Uint8Array,
): Promise<OnnxPlan> {
  const refuse = (key: string, message: string) =>
    new PodiumError('DATA_INVALID', `${model.mlmodelFile}: ${key}: ${message}; nothing was imported`, {
      file: model.mlmodelFile,
      key,
    });
  const graphInputs = new Map(session.inputMetadata.map((meta) => [meta.name, meta]));
  const inputs: OnnxLayout['inputs'] = [];
  const fields: { name: string; kind: 'number' | 'string' }[] = [];
  const typeOf = (meta: Metadata, key: string): OnnxInputType => {
    const type = meta.isTensor ? meta.type : null;
    if (!type || !(ONNX_INPUT_TYPES as readonly string[]).includes(type))
      throw refuse(
        key,
        `the graph input "${meta.name}" takes ${type ?? 'a non-tensor value'}; Podium feeds float32, float64, int64, int32 or string tensors`,
      );
    return type as OnnxInputType;
  };
  const rankOf = (meta: Metadata): 1 | 2 => (meta.isTensor && meta.shape.length === 1 ? 1 : 2);
  const addInput = (meta: Metadata, columns: { name: string; column: SignatureColumn }[], key: string) => {
    const type = typeOf(meta, key);
    for (const { name, column } of columns) {
      const kind = isStringColumn(column) ? 'string' : 'number';
      if ((kind === 'string') !== (type === 'string'))
        throw refuse(key, `"${name}" holds ${kind}s but the graph input "${meta.name}" takes ${type}`);
      fields.push({ name, kind });
    }
    inputs.push({ name: meta.name, type, fields: columns.map((c) => c.name), rank: rankOf(meta) });
  };

  const signature = model.inputs;
  if (signature.every((column) => column.kind === 'column')) {
    const names = signature.map((column, i) => {
      if (column.name === null) throw refuse('signature.inputs', `column ${i + 1} has no name`);
      return column.name;
    });
    const named = names.every((name) => graphInputs.has(name)) && graphInputs.size === names.length;
    if (named) {
      // One graph input per field, as skl2onnx writes a model converted with one input per column.
      for (const [i, name] of names.entries())
        addInput(graphInputs.get(name)!, [{ name, column: signature[i] }], 'signature.inputs');
    } else if (graphInputs.size === 1) {
      // One [N, k] matrix: the columns in the signature's order, as MLflow's pyfunc feeds it.
      const [meta] = graphInputs.values();
      const width = meta.isTensor ? meta.shape[1] : undefined;
      if (typeof width === 'number' && width !== names.length)
        throw refuse(
          'signature.inputs',
          `${names.length} columns, but the graph input "${meta.name}" takes ${width} per row`,
        );
      addInput(
        meta,
        names.map((name, i) => ({ name, column: signature[i] })),
        'signature.inputs',
      );
    } else {
      throw refuse(
        'signature.inputs',
        `the columns (${names.join(', ')}) do not match the graph inputs (${[...graphInputs.keys()].join(', ')})`,
      );
    }
  } else if (signature.every((column) => column.kind === 'tensor')) {
    signature.forEach((column, i) => {
      if (column.kind !== 'tensor') return;
      const name =
        column.name ?? (signature.length === 1 && graphInputs.size === 1 ? [...graphInputs.keys()][0] : null);
      const meta = name === null ? undefined : graphInputs.get(name);
      if (!meta || name === null)
        throw refuse(
          'signature.inputs',
          `tensor ${column.name ? `"${column.name}"` : i + 1} is not a graph input (${[...graphInputs.keys()].join(', ')})`,
        );
      const width = column.shape[1] ?? 1;
      const columns =
        width === 1
          ? [{ name, column }]
          : Array.from({ length: width }, (_, c) => ({ name: `${name}_${c}`, column }));
      addInput(meta, columns, 'signature.inputs');
    });
    const missing = [...graphInputs.keys()].filter((name) => !inputs.some((input) => input.name === name));
    if (missing.length > 0)
      throw refuse(
        'signature.inputs',
        `the graph also takes ${missing.join(', ')}, which the signature does not name`,
      );
  } else {
    throw refuse('signature.inputs', 'mixes columns and tensors');
  }
  const duplicate = fields.find((field, i) => fields.findIndex((f) => f.name === field.name) !== i);
  if (duplicate) throw refuse('signature.inputs', `"${duplicate.name}" is named twice`);

  return { fields, inputs, ...(await planOutputs(model, session, bytes, refuse)) };
}

async function planOutputs(
  model: MlflowModel,
  session: InferenceSession,
  bytes: Uint8Array,
  refuse: (key: string, message: string) => PodiumError,
): Promise<Pick<OnnxPlan, 'outputs' | 'task' | 'classes' | 'outputName'>> {
  const named = model.outputs.map((column) => column.name).filter((name): name is string => name !== null);
  const unknown = named.filter((name) => !session.outputNames.includes(name));
  // Column-based outputs name DataFrame columns, not graph outputs; only tensors must match.
  if (model.outputs.every((column) => column.kind === 'tensor') && unknown.length > 0)
    throw refuse(
      'signature.outputs',
      `names ${unknown.join(', ')}, which the graph does not return (${session.outputNames.join(', ')})`,
    );
  const candidates = session.outputMetadata.filter(
    (meta): meta is InferenceSession.TensorValueMetadata =>
      meta.isTensor && (named.length === 0 || unknown.length > 0 || named.includes(meta.name)),
  );
  const isFloat = (meta: InferenceSession.TensorValueMetadata) =>
    meta.type === 'float32' || meta.type === 'float64';
  const width = (meta: InferenceSession.TensorValueMetadata) => (meta.shape.length === 2 ? meta.shape[1] : 1);
  const label = candidates.find((meta) => meta.type === 'int64' || meta.type === 'string') ?? null;
  const probabilities =
    candidates.find(
      (meta) => isFloat(meta) && meta.shape.length === 2 && width(meta) !== 1 && /prob/i.test(meta.name),
    ) ??
    candidates.find((meta) => isFloat(meta) && meta.shape.length === 2 && width(meta) !== 1) ??
    null;
  const outputName = model.outputs.length === 1 ? model.outputs[0].name : null;
  if (label === null && probabilities === null) {
    const value = candidates.find((meta) => isFloat(meta) && width(meta) === 1);
    if (!value)
      throw refuse(
        'signature.outputs',
        `the graph returns no number per row, no label and no probabilities (${session.outputMetadata.map((m) => `${m.name}: ${m.isTensor ? `${m.type} [${m.shape.join(', ')}]` : 'not a tensor'}`).join('; ')})`,
      );
    return { outputs: { value: value.name }, task: 'number', outputName: outputName ?? value.name };
  }
  if (probabilities === null)
    throw refuse(
      'signature.outputs',
      `the classifier's graph returns a label "${label!.name}" but no probabilities tensor (a ZipMap sequence is not read: convert with zipmap=False)`,
    );
  // The graph's own labels; else those its MLmodel metadata lists (Podium's export writes them:
  // its graphs pick labels from a constant, which names no classes as ONNX-ML classifiers do).
  let classes = (await graphClassLabels(bytes, label?.name ?? null)) ?? model.classes;
  const k = width(probabilities);
  if (classes === null) {
    if (typeof k !== 'number')
      throw refuse(
        'signature.outputs',
        `"${probabilities.name}" has no fixed number of classes and the graph names none`,
      );
    classes = Array.from({ length: k }, (_, i) => String(i));
  }
  if (typeof k === 'number' && k !== classes.length)
    throw refuse(
      'signature.outputs',
      `"${probabilities.name}" has ${k} columns for ${classes.length} class labels`,
    );
  if (classes.length < 2) throw refuse('signature.outputs', 'a classifier needs at least two classes');
  return {
    outputs: { probabilities: probabilities.name, ...(label ? { label: label.name } : {}) },
    task: classes.length === 2 ? 'binary' : 'category',
    classes,
    outputName: label?.name ?? null,
  };
}
