import { Ajv } from 'ajv';
import type { Counter } from 'prom-client';
import secureJsonParse from 'secure-json-parse';
import { errorBody } from '../common/http-errors.js';
import {
  compileRecordCheck,
  type MissingValue,
  type RecordCheck,
  type RecordFields,
  type RefusedValue,
  refusalMessage,
  type UnseenValue,
} from '../features/index.js';
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
    /** Category values never seen in training, by field (answered as unknown). */
    unseenByField: Counter<'field'>;
    /** Values a record did not hold (absent, null, blank), by field (filled as in training). */
    missingByField: Counter<'field'>;
  };
};

/** What the service has answered since it started, for /model/info. */
export type InputStatistics = {
  since: string;
  /** Records scored. */
  records: number;
  /** Requests refused for a value training would refuse (400). */
  refused: number;
  /** Per input: records that held no value for it. */
  missing: Record<string, number>;
  /** Per input: records whose category value training never saw. */
  unseen: Record<string, number>;
};

/** One note in an answer: a field that was not sent, or a category value the model never saw. */
type Warning =
  | { field: string; code: 'not_sent'; message: string }
  | { field: string; code: 'unseen_category'; value: string; message: string };

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
  const statistics: InputStatistics = {
    since: new Date().toISOString(),
    records: 0,
    refused: 0,
    missing: {},
    unseen: {},
  };
  // Compiled from the loaded model's preprocessing on first use.
  let check: { predictor: Predictor; check: RecordCheck } | null = null;
  const checked = (predictor: Predictor, records: Record<string, unknown>[]) => {
    if (check?.predictor !== predictor)
      check = { predictor, check: compileRecordCheck(predictor.preprocessing) };
    return check.check.check(records);
  };

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
  const refusedValue = (refused: RefusedValue, batch: boolean) => {
    statistics.refused++;
    const where = batch ? `record ${refused.record}: ` : '';
    const alias = fields.aliasOf(refused.field);
    const name = `field '${refused.field}'${alias ? ` (or '${alias}')` : ''}`;
    return clientError(400, 'INVALID_INPUT', `${where}${refusalMessage(refused, name)}`, {
      field: refused.field,
      ...(batch ? { record: refused.record } : {}),
      value: refused.value ?? null,
    });
  };
  /** Counts answered records and what was missing or unknown in them; returns each one's warnings. */
  const noted = (count: number, missing: MissingValue[], unseen: UnseenValue[]): (Warning[] | null)[] => {
    counters.predictions.inc(count);
    statistics.records += count;
    const warnings: (Warning[] | null)[] = new Array(count).fill(null);
    const add = (record: number, warning: Warning) => {
      const list = warnings[record] ?? [];
      list.push(warning);
      warnings[record] = list;
    };
    for (const { field, record, sent } of missing) {
      statistics.missing[field] = (statistics.missing[field] ?? 0) + 1;
      counters.missingByField.inc({ field });
      if (!sent)
        add(record, {
          field,
          code: 'not_sent',
          message: `'${field}' was not sent: treated as missing, as a blank cell in training`,
        });
    }
    for (const { field, record, value } of unseen) {
      statistics.unseen[field] = (statistics.unseen[field] ?? 0) + 1;
      counters.unseenByField.inc({ field });
      add(record, {
        field,
        code: 'unseen_category',
        value,
        message: `'${field}' = ${JSON.stringify(value)} was never seen in training: answered as unknown`,
      });
    }
    return warnings;
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
  // Warnings follow the prediction's own fields, so a /predict answer split from a batch
  // (batch-answer.ts) is the same, to the byte, as the service's own /predict answer.
  const answer = (
    record: { value: number | string; probabilities?: Record<string, number> },
    warnings: Warning[] | null,
  ) => {
    const fields: Record<string, unknown> = record.probabilities
      ? { [predictionField]: record.value, prediction: record.value, probabilities: record.probabilities }
      : { [predictionField]: record.value, prediction: record.value };
    if (warnings !== null) fields.warnings = warnings;
    return fields;
  };
  // Before validation: snake_case aliases are copied under the inputs' own names and a missing
  // date the model defaults to the request time becomes the request's day, so the schema
  // checks the record the model will actually see.
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
      const records = [body as Record<string, unknown>];
      const { refused, missing, unseen } = checked(predictor, records);
      if (refused !== null) return refusedValue(refused, false);
      const result = await scored(predictor, records);
      if ('status' in result) return result;
      if (firstUnscorable(result.predictions) >= 0) return unscorable(null);
      if (result.unseenCategories > 0) counters.unseen.inc(result.unseenCategories);
      const [warnings] = noted(1, missing, unseen);
      const prediction = result.predictions[0];
      const time = predictionTime();
      if (warnings !== null) {
        // Only when there is something to say: spreading costs more than scoring the record.
        return {
          status: 200,
          body: {
            ...answer(prediction, warnings),
            model: manifest.name,
            model_version: manifest.version,
            prediction_time: time,
            request_id: requestId,
          },
        };
      }
      // One literal with every field, in the order of the answer: spreading a partial object
      // into another costs more here than scoring the record.
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
      const { refused, missing, unseen } = checked(predictor, records as Record<string, unknown>[]);
      if (refused !== null) return refusedValue(refused, true);
      const result = await scored(predictor, records as Record<string, unknown>[]);
      if ('status' in result) return result;
      const bad = firstUnscorable(result.predictions);
      if (bad >= 0) return unscorable(bad);
      if (result.unseenCategories > 0) counters.unseen.inc(result.unseenCategories);
      const warnings = noted(records.length, missing, unseen);
      return {
        status: 200,
        body: {
          predictions: result.predictions.map((prediction, index) => answer(prediction, warnings[index])),
          model: manifest.name,
          model_version: manifest.version,
          prediction_time: predictionTime(),
          request_id: requestId,
          count: records.length,
        },
      };
    },

    /** Records answered, refused, and missing or unseen values by field, since the service started. */
    statistics(): InputStatistics {
      return structuredClone(statistics);
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
