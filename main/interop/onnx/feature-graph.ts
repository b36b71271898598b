import type { Preprocessing } from '../../features/index.js';
import { attr, type GraphBuilder } from '../../onnx-graph/index.js';
import { onnxInputs } from './onnx-inputs.js';

/**
 * Podium's fitted preprocessing as graph nodes: from the raw inputs (see onnx-inputs.ts) to the
 * encoded matrix a model family sees (main/features/encode.ts), value for value.
 */
export type EncodedFeatures = {
  /** float32 `[N, numericWidth]`: numbers and date parts scaled, binaries 0/1; null when empty. */
  numeric: string | null;
  numericWidth: number;
  /** Per category feature, int64 `[N, 1]` codes: vocabulary[i] → i + 1, missing or unseen → 0. */
  categorical: { name: string; codes: string; cardinality: number }[];
};

/** ONNX's enum value for a double tensor, the target of a Cast. */
const DOUBLE = 11;
const FLOAT = 1;

export function addFeatureGraph(graph: GraphBuilder, pre: Preprocessing): EncodedFeatures {
  const inputs = onnxInputs(pre);
  for (const input of inputs) graph.input(input.name, input.type, ['N', 1]);

  const columns: string[] = [];
  const categorical: EncodedFeatures['categorical'] = [];
  for (const input of pre.inputs) {
    switch (input.kind) {
      case 'number':
        columns.push(scaled(graph, input.name, input.fill, input.center, input.scale));
        break;
      case 'date':
        // A missing part reads as its training mean, i.e. 0 after scaling, as encode does for a missing date.
        for (const part of input.parts)
          columns.push(scaled(graph, `${input.name}_${part.part}`, part.mean, part.mean, part.std));
        break;
      case 'binary':
        columns.push(
          graph.ml(
            'LabelEncoder',
            [input.name],
            [
              attr.strings('keys_strings', input.levels),
              attr.floats('values_floats', [0, 1]),
              attr.float('default_float', input.fill),
            ],
            `${input.name}_encoded`,
          ),
        );
        break;
      case 'category':
        categorical.push({
          name: input.name,
          codes: graph.ml(
            'LabelEncoder',
            [input.name],
            [
              attr.strings('keys_strings', input.vocabulary),
              attr.ints(
                'values_int64s',
                input.vocabulary.map((_, i) => i + 1),
              ),
              attr.int('default_int64', 0),
            ],
            `${input.name}_code`,
          ),
          cardinality: input.vocabulary.length + 1,
        });
        break;
    }
  }
  const numeric =
    columns.length === 0
      ? null
      : columns.length === 1
        ? columns[0]
        : graph.op('Concat', columns, [attr.int('axis', 1)], 'numeric_features');
  return { numeric, numericWidth: columns.length, categorical };
}

/**
 * `((finite ? raw : fill) - center) / scale` in double precision, then rounded to float32: the
 * arithmetic of encode(), whose matrix is a Float32Array filled from doubles. Done in float32 the
 * result could differ in the last bit, and a tree split on a training value's edge would then
 * send the row the other way.
 */
function scaled(graph: GraphBuilder, input: string, fill: number, center: number, scale: number): string {
  const raw = graph.op('Cast', [input], [attr.int('to', DOUBLE)], `${input}_double`);
  const missing = graph.op(
    'Or',
    [graph.op('IsNaN', [raw], [], `${input}_nan`), graph.op('IsInf', [raw], [], `${input}_inf`)],
    [],
    `${input}_missing`,
  );
  const filled = graph.op(
    'Where',
    [missing, graph.constant(`${input}_fill`, 'double', [fill], []), raw],
    [],
    `${input}_filled`,
  );
  const centred = graph.op('Sub', [filled, graph.constant(`${input}_center`, 'double', [center], [])]);
  const divided = graph.op('Div', [centred, graph.constant(`${input}_scale`, 'double', [scale], [])]);
  return graph.op('Cast', [divided], [attr.int('to', FLOAT)], `${input}_scaled`);
}
