import { type InferenceSession, Tensor } from 'onnxruntime-node';
import { PodiumError } from '../../contract/errors.js';
import type { EncodedMatrix, FittedModel, Task } from '../types.js';
import type { OnnxLayout } from './onnx-layout.js';

/**
 * A model from another tool, scored by ONNX Runtime behind the same FittedModel contract as
 * Podium's own families: its preprocessing passes numbers through unchanged (center 0, scale 1)
 * and keeps string fields as category codes, so this turns the encoded matrix back into the
 * graph's inputs, runs the whole batch in one `session.run`, and answers in the encoded
 * target's space (P(class 1), class probabilities, or the number itself).
 */
export class OnnxModel implements FittedModel {
  readonly family = 'onnx' as const;
  readonly backend = 'onnxruntime';

  constructor(
    private readonly session: InferenceSession,
    private readonly layout: OnnxLayout,
    private readonly target: { task: Task; classes?: string[] },
  ) {}

  async predictRaw(x: EncodedMatrix): Promise<Float32Array> {
    const results = await this.session.run(this.feeds(x));
    return this.raw(results, x.rows);
  }

  async save(): Promise<void> {
    throw new PodiumError(
      'USAGE',
      'An imported ONNX model is stored as imported; Podium does not re-save it',
    );
  }

  dispose(): void {
    void this.session.release().catch(() => undefined);
  }

  private feeds(x: EncodedMatrix): Record<string, Tensor> {
    const rows = x.rows;
    const feeds: Record<string, Tensor> = {};
    for (const input of this.layout.inputs) {
      const width = input.fields.length;
      const dims = input.rank === 1 ? [rows] : [rows, width];
      if (input.type === 'string') {
        const cells: string[] = new Array(rows * width);
        input.fields.forEach((field, f) => {
          const index = x.categoricalNames.indexOf(field);
          const codes = x.categorical[index];
          const vocabulary = this.layout.vocabularies[field] ?? [];
          // Code 0 is unknown or missing: the graph gets an empty string, its own "other".
          for (let r = 0; r < rows; r++)
            cells[r * width + f] = codes[r] === 0 ? '' : vocabulary[codes[r] - 1];
        });
        feeds[input.name] = new Tensor('string', cells, dims);
        continue;
      }
      const data = allocate(input.type, rows * width);
      input.fields.forEach((field, f) => {
        const column = x.numericNames.indexOf(field);
        for (let r = 0; r < rows; r++) {
          const value = x.numeric[r * x.numericWidth + column];
          if (data instanceof BigInt64Array) data[r * width + f] = BigInt(Math.round(value));
          else if (data instanceof Int32Array) data[r * width + f] = Math.round(value);
          else data[r * width + f] = value;
        }
      });
      feeds[input.name] = new Tensor(input.type, data, dims);
    }
    return feeds;
  }

  private raw(results: InferenceSession.OnnxValueMapType, rows: number): Float32Array {
    const outputs = this.layout.outputs;
    if ('value' in outputs) {
      const values = numbersOf(results[outputs.value], outputs.value);
      expect(
        values.length === rows,
        `output "${outputs.value}" has ${values.length} values for ${rows} rows`,
      );
      return Float32Array.from(values);
    }
    const probabilities = numbersOf(results[outputs.probabilities], outputs.probabilities);
    const classes = this.target.classes ?? [];
    const k = classes.length;
    expect(
      probabilities.length === rows * k,
      `output "${outputs.probabilities}" has ${probabilities.length} values for ${rows} rows of ${k} classes`,
    );
    if (this.target.task === 'category') return Float32Array.from(probabilities);
    const positive = new Float32Array(rows);
    for (let r = 0; r < rows; r++) positive[r] = probabilities[r * 2 + 1];
    return positive;
  }
}

function allocate(type: Exclude<OnnxLayout['inputs'][number]['type'], 'string'>, length: number) {
  if (type === 'float32') return new Float32Array(length);
  if (type === 'float64') return new Float64Array(length);
  if (type === 'int32') return new Int32Array(length);
  return new BigInt64Array(length);
}

function numbersOf(value: unknown, name: string): ArrayLike<number> {
  if (!(value instanceof Tensor)) throw failure(`the graph returned no tensor "${name}"`);
  const data = value.data;
  if (data instanceof BigInt64Array) return Array.from(data, Number);
  if (data instanceof Float32Array || data instanceof Float64Array || data instanceof Int32Array) return data;
  throw failure(`output "${name}" is ${value.type}, not numbers`);
}

function expect(condition: boolean, message: string): void {
  if (!condition) throw failure(message);
}

function failure(message: string): PodiumError {
  return new PodiumError('PACKAGE_INVALID', `The imported ONNX model answered unexpectedly: ${message}`);
}
