import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
type AttributeProto = onnxProto.onnx.IAttributeProto;
type NodeProto = onnxProto.onnx.INodeProto;
type TensorProto = onnxProto.onnx.ITensorProto;
type ValueInfoProto = onnxProto.onnx.IValueInfoProto;

/**
 * The operator sets every exported graph declares. Opset 17 and ai.onnx.ml 3 are the newest
 * that onnxruntime-node 1.31 and the ONNX Runtime of MLflow's supported Python versions all run
 * (IR version 8 goes with opset 17); nothing in the graphs needs a later operator.
 */
export const ONNX_OPSET = 17;
export const ONNX_ML_OPSET = 3;
export const ONNX_ML_DOMAIN = 'ai.onnx.ml';
const IR_VERSION = 8;

export type ElementType = 'float' | 'double' | 'int64' | 'int32' | 'string' | 'bool';

const ELEMENT_TYPES: Record<ElementType, number> = {
  float: onnx.TensorProto.DataType.FLOAT,
  double: onnx.TensorProto.DataType.DOUBLE,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
  string: onnx.TensorProto.DataType.STRING,
  bool: onnx.TensorProto.DataType.BOOL,
};

/** A dimension: a size, or a name for a size fixed only when the graph runs (the batch). */
export type Dimension = number | string;

const text = new TextEncoder();
const AttributeType = onnx.AttributeProto.AttributeType;

/**
 * Attribute values typed explicitly: a JavaScript number does not say whether ONNX should read
 * it as an integer or a float, and an operator rejects the wrong one.
 */
export const attr = {
  int: (name: string, value: number): AttributeProto => ({ name, type: AttributeType.INT, i: value }),
  float: (name: string, value: number): AttributeProto => ({ name, type: AttributeType.FLOAT, f: value }),
  string: (name: string, value: string): AttributeProto => ({
    name,
    type: AttributeType.STRING,
    s: text.encode(value),
  }),
  ints: (name: string, values: readonly number[]): AttributeProto => ({
    name,
    type: AttributeType.INTS,
    ints: [...values],
  }),
  floats: (name: string, values: ArrayLike<number>): AttributeProto => ({
    name,
    type: AttributeType.FLOATS,
    floats: Array.from(values),
  }),
  strings: (name: string, values: readonly string[]): AttributeProto => ({
    name,
    type: AttributeType.STRINGS,
    strings: values.map((value) => text.encode(value)),
  }),
  tensor: (name: string, value: TensorProto): AttributeProto => ({
    name,
    type: AttributeType.TENSOR,
    t: value,
  }),
};

/**
 * An ONNX graph under construction: nodes in topological order (each added after its inputs),
 * constant tensors as initializers, and fresh value names. The exporters and the ecd scorer only
 * add nodes; the builder owns naming and serialisation. It sits below the domains because both
 * interop (the export) and training (scoring ecd with ONNX Runtime) build graphs with it.
 */
export class GraphBuilder {
  private readonly nodes: NodeProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private readonly inputs: ValueInfoProto[] = [];
  private readonly outputs: ValueInfoProto[] = [];
  private readonly used = new Set<string>();
  private counter = 0;

  /** A value name not used yet, readable in a graph viewer. */
  fresh(hint: string): string {
    let name = hint;
    while (this.used.has(name)) name = `${hint}_${++this.counter}`;
    this.used.add(name);
    return name;
  }

  input(name: string, type: ElementType, dims: Dimension[]): string {
    if (this.used.has(name)) throw new Error(`The ONNX graph already has a value named ${name}`);
    this.used.add(name);
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  /** Declares `value` a graph output under `name` (through an Identity when the names differ). */
  output(value: string, name: string, type: ElementType, dims: Dimension[]): void {
    if (value !== name && this.used.has(name))
      throw new Error(`The ONNX graph already has a value named ${name}`);
    const outputName = value === name ? name : this.op('Identity', [value], [], name);
    this.outputs.push(valueInfo(outputName, type, dims));
  }

  /** One node with a single output; returns the output's name. */
  op(type: string, inputs: string[], attributes: AttributeProto[] = [], hint = type.toLowerCase()): string {
    return this.node(type, inputs, attributes, { outputs: [hint] })[0];
  }

  /** An ai.onnx.ml node with a single output. */
  ml(type: string, inputs: string[], attributes: AttributeProto[], hint = type.toLowerCase()): string {
    return this.node(type, inputs, attributes, { outputs: [hint], domain: ONNX_ML_DOMAIN })[0];
  }

  node(
    type: string,
    inputs: string[],
    attributes: AttributeProto[],
    options: { outputs: string[]; domain?: string },
  ): string[] {
    const outputs = options.outputs.map((hint) => this.fresh(hint));
    this.nodes.push({
      opType: type,
      name: this.fresh(`${type}_node`),
      input: inputs,
      output: outputs,
      attribute: attributes,
      ...(options.domain ? { domain: options.domain } : {}),
    });
    return outputs;
  }

  /** A constant tensor of `dims` holding `values` (row-major). */
  constant(
    hint: string,
    type: 'float' | 'double' | 'int64',
    values: ArrayLike<number>,
    dims: number[],
  ): string {
    const name = this.fresh(hint);
    const tensor: TensorProto = { name, dataType: ELEMENT_TYPES[type], dims };
    if (type === 'float') tensor.floatData = Array.from(values);
    else if (type === 'double') tensor.doubleData = Array.from(values);
    else tensor.int64Data = Array.from(values);
    this.initializers.push(tensor);
    return name;
  }

  stringConstant(hint: string, values: readonly string[], dims: number[]): string {
    const name = this.fresh(hint);
    this.initializers.push({
      name,
      dataType: ELEMENT_TYPES.string,
      dims,
      stringData: values.map((value) => text.encode(value)),
    });
    return name;
  }

  /** The serialised ModelProto. */
  toBytes(meta: { graphName: string; docString: string; metadata: Record<string, string> }): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      producerName: 'podium',
      docString: meta.docString,
      opsetImport: [
        { domain: '', version: ONNX_OPSET },
        { domain: ONNX_ML_DOMAIN, version: ONNX_ML_OPSET },
      ],
      metadataProps: Object.entries(meta.metadata).map(([key, value]) => ({ key, value })),
      graph: {
        name: meta.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function valueInfo(name: string, type: ElementType, dims: Dimension[]): ValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEMENT_TYPES[type],
        shape: { dim: dims.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })) },
      },
    },
  };
}
