import { type DecodedInferRequest, type InferenceInput, InferRequestError } from './inference-request.js';

/** A model as the Open Inference Protocol routes describe and answer for it. */
export type InferenceModel = {
  name: string;
  version: number;
  inputs: InferenceInput[];
  output: { name: string; type: 'binary' | 'category' | 'number'; classes?: string[] };
  /** Adds a `request_id` output, one per row: the ids the gateway logged, for /feedback. */
  rowIds: boolean;
};

/** One row's prediction as /batch_predict answers it. */
export type ScoredRow = { prediction: number | string; probabilities?: Record<string, number> };

type OutputSpec = { name: string; datatype: 'FP64' | 'BYTES'; shape: number[] };

/**
 * The outputs a model answers with: `predict` (the prediction: FP64 for a number target, the
 * class label as BYTES for a classifier), for a classifier `probabilities` (FP64, one column per
 * class in the order of `parameters.classes`), and on the gateway `request_id`.
 */
function outputSpecs(model: InferenceModel): OutputSpec[] {
  const classifier = model.output.type !== 'number';
  const specs: OutputSpec[] = [{ name: 'predict', datatype: classifier ? 'BYTES' : 'FP64', shape: [-1] }];
  if (classifier) {
    specs.push({ name: 'probabilities', datatype: 'FP64', shape: [-1, model.output.classes?.length ?? -1] });
  }
  if (model.rowIds) specs.push({ name: 'request_id', datatype: 'BYTES', shape: [-1] });
  return specs;
}

/** GET /v2/models/{name}: the model's inputs (one column each, shape [-1, 1]) and outputs. */
export function modelMetadata(model: InferenceModel) {
  return {
    name: model.name,
    versions: [String(model.version)],
    platform: 'podium',
    inputs: model.inputs.map((input) => ({
      name: input.name,
      // Categories also take numbers (a store id); text is what every category accepts.
      datatype: input.type === 'number' ? 'FP64' : 'BYTES',
      shape: [-1, 1],
      ...(input.alias || input.optional
        ? {
            parameters: {
              ...(input.alias ? { alias: input.alias } : {}),
              ...(input.optional ? { optional: true } : {}),
            },
          }
        : {}),
    })),
    outputs: outputSpecs(model),
  };
}

/** Refuses, before anything is scored, an output the caller asked for that the model does not have. */
export function checkRequestedOutputs(model: InferenceModel, request: DecodedInferRequest): void {
  if (request.outputs === null) return;
  const known = outputSpecs(model).map((spec) => spec.name);
  const unknown = request.outputs.find((name) => !known.includes(name));
  if (unknown !== undefined) {
    throw new InferRequestError(
      `output "${unknown}" is not an output of model ${model.name} (its outputs: ${known.join(', ')})`,
    );
  }
}

/** The v2 answer for scored rows: every output (or those asked for), one value per row. */
export function inferResponse(
  model: InferenceModel,
  request: DecodedInferRequest,
  rows: ScoredRow[],
  rowIds: string[] = [],
) {
  const count = rows.length;
  const outputs = outputSpecs(model)
    .filter((spec) => request.outputs === null || request.outputs.includes(spec.name))
    .map((spec) => {
      if (spec.name === 'predict') {
        return {
          name: 'predict',
          datatype: spec.datatype,
          shape: [count],
          data: rows.map((row) =>
            spec.datatype === 'FP64' ? Number(row.prediction) : String(row.prediction),
          ),
        };
      }
      if (spec.name === 'probabilities') {
        const classes = model.output.classes ?? Object.keys(rows[0]?.probabilities ?? {});
        return {
          name: 'probabilities',
          datatype: 'FP64',
          shape: [count, classes.length],
          parameters: { classes: JSON.stringify(classes) },
          data: rows.flatMap((row) => classes.map((label) => row.probabilities?.[label] ?? 0)),
        };
      }
      return { name: spec.name, datatype: 'BYTES', shape: [count], data: rowIds };
    });
  return {
    model_name: model.name,
    model_version: String(model.version),
    ...(request.id === undefined ? {} : { id: request.id }),
    outputs,
  };
}

/**
 * A Podium error answer ({error: {message, details: {field, record}}}) as the protocol's
 * `{"error": "…"}`, in its words: the field is the input, the record is the row.
 */
export function inferErrorMessage(body: unknown): string {
  const error = (body as { error?: { message?: unknown; details?: Record<string, unknown> } } | null)?.error;
  const message = typeof error?.message === 'string' ? error.message : 'The request failed';
  const match = /^record (\d+): ([\s\S]*)$/.exec(message);
  const row = error?.details?.record ?? match?.[1];
  const text = match ? match[2] : message;
  const field = error?.details?.field;
  if (typeof field !== 'string') return `${row === undefined ? '' : `row ${row}: `}${text}`;
  // "field 'age' must be …" once the input is named up front: "input "age": row 1: must be …".
  const named = /^field '[^']*'(?: \(or '[^']*'\))? ([\s\S]*)$/.exec(text);
  return `input "${field}": ${row === undefined ? '' : `row ${row}: `}${named ? named[1] : text}`;
}
