import { Ajv } from 'ajv';
import type { Counter } from 'prom-client';
import secureJsonParse from 'secure-json-parse';
import { errorBody } from '../common/http-errors.js';
import type { RecordFields } from '../features/index.js';
import type { PackageManifest } from '../registry/index.js';
import type { Predictor } from '../training/index.js';
import { describeValidationErrors, type InputSignature, recordSchema } from './input-schema.js';

/** What a prediction route answers: a status and a JSON body. */
export type PredictionAnswer = { status: number; body: unknown };

export type PredictionEndpointsOptions = {
  manifest: PackageManifest;
  signature: InputSignature;
  fields: RecordFields;
  predictionField: string;
  batchLimit: number;
  /** The loaded model; null while it loads. */
  predictor: () => Predictor | null;
  counters: {
    predictions: Counter;
    unseen: Counter;
    errors: Counter<'kind'>;
  };
};

/**
 * POST /predict and /batch_predict of a model service, apart from HTTP: canonical field names,
 * validation against the package's signature, scoring, and the answer. Fastify's routes and
 * the bare node:http hot path both answer through these, so a body gets the same answer, to
 * the byte, whichever of the two served it.
 */
export function createPredictionEndpoints(options: PredictionEndpointsOptions) {
  const { manifest, signature, fields, predictionField, batchLimit, counters } = options;
  const schema = recordSchema(signature);
  const batchSchema = {
    anyOf: [
      { type: 'array', items: schema },
      { type: 'object', required: ['records'], properties: { records: { type: 'array', items: schema } } },
    ],
  };
  // Types are checked, never coerced ("1" is not a number); nothing is removed or defaulted,
  // so the model sees exactly what was sent. The first error is enough to name the field.
  const ajv = new Ajv({
    allErrors: false,
    coerceTypes: false,
    removeAdditional: false,
    allowUnionTypes: true,
  });
  const validateRecord = ajv.compile(schema);
  const validateBatch = ajv.compile(batchSchema);

  const clientError = (status: number, code: string, message: string, details?: Record<string, unknown>) => {
    counters.errors.inc({ kind: 'client' });
    return { status, body: errorBody(code, message, details) };
  };
  const invalidInput = (validationErrors: unknown) => {
    const described = describeValidationErrors(validationErrors as never[], signature, fields);
    return clientError(
      400,
      'INVALID_INPUT',
      described.message,
      described.field ? { field: described.field } : undefined,
    );
  };
  // Inputs inside the schema's bounds can still combine into an overflow in 32-bit arithmetic;
  // an answer of NaN would be a 200 that says nothing, so it is refused like a bad input.
  const unscorable = (record: number | null) =>
    clientError(
      400,
      'INVALID_INPUT',
      `${record === null ? '' : `record ${record}: `}the model's output for these values is not a finite number; check for extreme inputs`,
    );
  const internalError = (): PredictionAnswer => {
    counters.errors.inc({ kind: 'server' });
    return { status: 500, body: errorBody('INTERNAL', 'Internal error while predicting') };
  };
  const notReady = (): PredictionAnswer => ({
    status: 503,
    body: errorBody('NOT_READY', 'The model is still loading; retry shortly'),
  });
  const answer = (record: { value: number | string; probabilities?: Record<string, number> }) =>
    record.probabilities
      ? { [predictionField]: record.value, prediction: record.value, probabilities: record.probabilities }
      : { [predictionField]: record.value, prediction: record.value };
  // Before validation: snake_case aliases are copied under the inputs' own names and a missing
  // date becomes the request's, so the schema checks the record the model will actually see.
  const canonicalize = (records: unknown[]) => {
    const now = new Date();
    for (const record of records) if (isObject(record)) fields.canonicalize(record, now);
  };
  const scored = async (
    predictor: Predictor,
    records: Record<string, unknown>[],
  ): Promise<Awaited<ReturnType<Predictor['predictRecords']>> | PredictionAnswer> => {
    try {
      return await predictor.predictRecords(records);
    } catch {
      return internalError();
    }
  };

  return {
    async predict(body: unknown, requestId: string): Promise<PredictionAnswer> {
      const predictor = options.predictor();
      if (!predictor) return notReady();
      canonicalize([body]);
      if (!validateRecord(body)) return invalidInput(validateRecord.errors ?? []);
      const result = await scored(predictor, [body as Record<string, unknown>]);
      if ('status' in result) return result;
      if (firstUnscorable(result.predictions) >= 0) return unscorable(null);
      counters.predictions.inc();
      if (result.unseenCategories > 0) counters.unseen.inc(result.unseenCategories);
      // One literal with every field, in the order of the answer: spreading a partial object
      // into another costs more here than scoring the record.
      const prediction = result.predictions[0];
      const time = predictionTime();
      return {
        status: 200,
        body: prediction.probabilities
          ? {
              [predictionField]: prediction.value,
              prediction: prediction.value,
              probabilities: prediction.probabilities,
              model: manifest.name,
              model_version: manifest.version,
              prediction_time: time,
              request_id: requestId,
            }
          : {
              [predictionField]: prediction.value,
              prediction: prediction.value,
              model: manifest.name,
              model_version: manifest.version,
              prediction_time: time,
              request_id: requestId,
            },
      };
    },

    async batchPredict(body: unknown, requestId: string): Promise<PredictionAnswer> {
      const predictor = options.predictor();
      if (!predictor) return notReady();
      const records = Array.isArray(body) ? body : isObject(body) ? body.records : undefined;
      if (!Array.isArray(records)) {
        return clientError(400, 'INVALID_INPUT', 'Send an array of records, or {"records": [...]}');
      }
      if (records.length > batchLimit) {
        return clientError(
          413,
          'BATCH_TOO_LARGE',
          `At most ${batchLimit} records per batch; got ${records.length}`,
          { limit: batchLimit },
        );
      }
      canonicalize(records);
      if (!validateBatch(Array.isArray(body) ? body : { records })) {
        return invalidInput(validateBatch.errors ?? []);
      }
      const result = await scored(predictor, records as Record<string, unknown>[]);
      if ('status' in result) return result;
      const bad = firstUnscorable(result.predictions);
      if (bad >= 0) return unscorable(bad);
      counters.predictions.inc(records.length);
      if (result.unseenCategories > 0) counters.unseen.inc(result.unseenCategories);
      return {
        status: 200,
        body: {
          predictions: result.predictions.map(answer),
          model: manifest.name,
          model_version: manifest.version,
          prediction_time: predictionTime(),
          request_id: requestId,
          count: records.length,
        },
      };
    },

    /**
     * Any other failed request (a body the JSON parser refused, one over the size limit, a
     * media type with no parser): 4xx with what went wrong, 5xx without internals.
     */
    requestError(error: Error & { statusCode?: number }): PredictionAnswer {
      const status =
        error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status >= 500) return internalError();
      if (status === 413) return clientError(413, 'BODY_TOO_LARGE', 'The request body is too large');
      return clientError(status, 'BAD_REQUEST', error.message);
    },
  };
}

export type PredictionEndpoints = ReturnType<typeof createPredictionEndpoints>;

/**
 * A request body as JSON, for Fastify's parser and the hot path alike (so both refuse alike).
 * Fastify's own parser says only "Body is not valid JSON"; this one says where, and refuses
 * prototype poisoning (`__proto__`, `constructor.prototype`) as Fastify does.
 */
export function parseJsonBody(text: string): unknown {
  try {
    return secureJsonParse.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    const message = (error as Error).message;
    throw Object.assign(
      new Error(
        error instanceof SyntaxError && !/prototype/.test(message)
          ? `The request body is not valid JSON: ${message}`
          : 'The request body is refused: it sets __proto__ or constructor.prototype',
      ),
      { statusCode: 400 },
    );
  }
}

let lastMs = 0;
let lastTime = '';
/** The time now in ISO 8601, formatted once per millisecond (many answers share one under load). */
function predictionTime(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastTime = new Date(now).toISOString();
  }
  return lastTime;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Index of the first prediction that is not a finite number (or has a non-finite probability); -1 if none. */
function firstUnscorable(
  predictions: { value: number | string; probabilities?: Record<string, number> }[],
): number {
  return predictions.findIndex(
    (prediction) =>
      (typeof prediction.value === 'number' && !Number.isFinite(prediction.value)) ||
      (prediction.probabilities !== undefined &&
        Object.values(prediction.probabilities).some((p) => !Number.isFinite(p))),
  );
}
