import type { TargetState } from '../../features/index.js';
import { attr, type GraphBuilder } from '../../onnx-graph/index.js';

/**
 * Names of the graph outputs: a classifier's label and probabilities, a regressor's value. An
 * input of the same name (a feature called `value`, say) pushes the output to `predicted_<name>`,
 * since ONNX names every tensor once.
 */
export type OutputNames = { label: string; probabilities: string; value: string };

export function outputNames(inputNames: readonly string[]): OutputNames {
  const taken = new Set(inputNames);
  const name = (base: string): string => (taken.has(base) ? `predicted_${base}` : base);
  return { label: name('label'), probabilities: name('probabilities'), value: name('value') };
}

const DOUBLE = 11;
const FLOAT = 1;
const INT64 = 7;

/**
 * The model's raw output (float32 `[N, K]` in FittedModel.predictRaw's space: P(class 1), the
 * class probabilities, or the z-scored value) turned into the graph's outputs as
 * main/features/decode.ts turns it into predictions: the label at p ≥ 0.5 or the first most
 * probable class, probabilities in the target's class order, a number back in its own units.
 */
export function addPredictionOutputs(
  graph: GraphBuilder,
  target: TargetState,
  raw: string,
  names: OutputNames,
): void {
  if (target.task === 'number') {
    const wide = graph.op('Cast', [raw], [attr.int('to', DOUBLE)], 'raw_double');
    const scaled = graph.op('Mul', [wide, graph.constant('target_std', 'double', [target.std], [])]);
    const value = graph.op('Add', [scaled, graph.constant('target_mean', 'double', [target.mean], [])]);
    graph.output(graph.op('Cast', [value], [attr.int('to', FLOAT)], 'value_float'), names.value, 'float', [
      'N',
      1,
    ]);
    return;
  }
  const classes = target.classes;
  let probabilities: string;
  let index: string;
  if (target.task === 'binary') {
    const one = graph.constant('one', 'float', [1], []);
    probabilities = graph.op(
      'Concat',
      [graph.op('Sub', [one, raw], [], 'p_class_0'), raw],
      [attr.int('axis', 1)],
      'binary_probabilities',
    );
    const atLeastHalf = graph.op('GreaterOrEqual', [raw, graph.constant('half', 'float', [0.5], [])]);
    index = graph.op('Cast', [atLeastHalf], [attr.int('to', INT64)], 'class_index');
  } else {
    probabilities = raw;
    // ArgMax keeps the first of equal maxima, as decode's strict comparison does.
    index = graph.op('ArgMax', [raw], [attr.int('axis', 1), attr.int('keepdims', 1)], 'class_index');
  }
  const flatIndex = graph.op(
    'Reshape',
    [index, graph.constant('flat', 'int64', [-1], [1])],
    [],
    'class_index_flat',
  );
  const label = graph.ml(
    'LabelEncoder',
    [flatIndex],
    [
      attr.ints(
        'keys_int64s',
        classes.map((_, i) => i),
      ),
      attr.strings('values_strings', classes),
      attr.string('default_string', ''),
    ],
    'label_text',
  );
  graph.output(label, names.label, 'string', ['N']);
  graph.output(probabilities, names.probabilities, 'float', ['N', classes.length]);
}
