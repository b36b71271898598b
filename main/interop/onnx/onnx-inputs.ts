import type { DatePart, InputState, Preprocessing } from '../../features/index.js';

/**
 * The inputs of an exported graph: one `[N, 1]` tensor per raw field, float32 for numbers and
 * date parts, string for categories and binaries. A date enters as the parts the model uses,
 * named `<field>_<part>`, because ONNX has no date type and a date text's format is the
 * caller's to parse. Missing: NaN for a number or a date part; for a text, any label outside
 * the training vocabulary (an empty string, say), which the model reads as unknown.
 */
export type OnnxInput = {
  name: string;
  type: 'float' | 'string';
  /** The feature this input belongs to. */
  field: string;
  kind: InputState['kind'];
  part?: DatePart;
};

export function onnxInputs(pre: Preprocessing): OnnxInput[] {
  const inputs: OnnxInput[] = [];
  for (const input of pre.inputs) {
    if (input.kind === 'number')
      inputs.push({ name: input.name, type: 'float', field: input.name, kind: 'number' });
    else if (input.kind === 'date') {
      for (const { part } of input.parts)
        inputs.push({ name: `${input.name}_${part}`, type: 'float', field: input.name, kind: 'date', part });
    } else inputs.push({ name: input.name, type: 'string', field: input.name, kind: input.kind });
  }
  return inputs;
}
