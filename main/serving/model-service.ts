import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Counter, collectDefaultMetrics, Registry } from 'prom-client';
import { type RecordFields, recordFields, snakeCase } from '../features/index.js';
import { MODEL_CONFIG_FILE, type PackageManifest, readManifest } from '../registry/index.js';
import { loadPredictor, type Predictor, parseModelConfig } from '../training/index.js';
import { type AuthGuardOptions, installAuthGuard } from './auth-guard.js';
import { clientErrorHandler, sendError } from './http-errors.js';
import { describeValidationErrors, type InputSignature, recordSchema } from './input-schema.js';
import { recordRequestMetrics } from './request-metrics.js';

export type ModelServiceOptions = {
  packageDir: string;
  environment: string;
  role: 'champion' | 'shadow' | 'standalone';
  /** Largest array accepted by /batch_predict. */
  batchLimit?: number;
  bodyLimitBytes?: number;
  /** Require a bearer token (all routes but GET /health); absent, the service is open as before. */
  auth?: AuthGuardOptions;
};

export type ModelService = {
  app: FastifyInstance;
  /** Resolves when the model is loaded and /health says ready. */
  ready: Promise<void>;
};

/**
 * The HTTP service for one model version. It answers /health at once (503 until the model is
 * loaded) so supervisors can tell "starting" from "dead"; predictions are validated against the
 * package's own signature, so a bad field is a 400 that names it, never a crash.
 */
export async function createModelService(options: ModelServiceOptions): Promise<ModelService> {
  const manifest = await readManifest(options.packageDir);
  const signature = JSON.parse(
    await readFile(join(options.packageDir, 'signature.json'), 'utf8'),
  ) as InputSignature;
  const batchLimit = options.batchLimit ?? 1_000;
  const fields = recordFields(signature);
  const predictionField = await predictionFieldOf(options.packageDir, manifest);
  const labels = { model: manifest.name, version: String(manifest.version), role: options.role };

  const registry = new Registry();
  registry.setDefaultLabels(labels);
  collectDefaultMetrics({ register: registry, prefix: 'podium_model_process_' });
  const predictions = new Counter({
    name: 'podium_model_predictions_total',
    help: 'Records scored',
    registers: [registry],
  });
  const unseen = new Counter({
    name: 'podium_model_unseen_categories_total',
    help: 'Category values never seen in training, mapped to unknown',
    registers: [registry],
  });
  const errors = new Counter({
    name: 'podium_model_errors_total',
    help: 'Requests that failed, by kind (client or server)',
    labelNames: ['kind'],
    registers: [registry],
  });

  let predictor: Predictor | null = null;
  const ready = loadPredictor(options.packageDir).then((loaded) => {
    predictor = loaded;
  });
  ready.catch(() => {});

  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimitBytes ?? 5 * 1024 * 1024,
    clientErrorHandler,
    // Node answers a request without Host with an empty 400 before any handler runs; served on
    // loopback only, such a request is answered like any other (its body is still validated).
    http: { requireHostHeader: false },
    // Deep or huge JSON is refused by the parser limits, not by the model.
    ajv: {
      customOptions: { allErrors: false, coerceTypes: false, removeAdditional: false, allowUnionTypes: true },
    },
  });

  const schema = recordSchema(signature);
  const invalidInput = (reply: FastifyReply, validationErrors: unknown) => {
    const described = describeValidationErrors(validationErrors as never[], signature, fields);
    const details = described.field ? { field: described.field } : undefined;
    return sendError(reply, 400, 'INVALID_INPUT', described.message, details);
  };
  app.setErrorHandler((error: Error & { statusCode?: number; validation?: unknown[] }, _request, reply) => {
    if (error.validation) {
      errors.inc({ kind: 'client' });
      return invalidInput(reply, error.validation);
    }
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    errors.inc({ kind: status >= 500 ? 'server' : 'client' });
    if (status >= 500) return sendError(reply, 500, 'INTERNAL', 'Internal error while predicting');
    const message =
      status === 413
        ? 'The request body is too large'
        : error.message.includes('JSON')
          ? `The request body is not valid JSON: ${error.message}`
          : error.message;
    return sendError(reply, status, status === 413 ? 'BODY_TOO_LARGE' : 'BAD_REQUEST', message);
  });
  recordRequestMetrics(
    app,
    registry,
    { requests: 'podium_model_requests_total', duration: 'podium_model_request_duration_seconds' },
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
  );
  if (options.auth) installAuthGuard(app, options.auth);

  // Inputs inside the schema's bounds can still combine into an overflow in 32-bit arithmetic;
  // an answer of NaN would be a 200 that says nothing, so it is refused like a bad input.
  const unscorable = (reply: FastifyReply, record: number | null) => {
    errors.inc({ kind: 'client' });
    return sendError(
      reply,
      400,
      'INVALID_INPUT',
      `${record === null ? '' : `record ${record}: `}the model's output for these values is not a finite number; check for extreme inputs`,
    );
  };
  const notReady = (reply: FastifyReply) =>
    sendError(reply, 503, 'NOT_READY', 'The model is still loading; retry shortly');
  const answer = (record: { value: number | string; probabilities?: Record<string, number> }) =>
    record.probabilities
      ? { [predictionField]: record.value, prediction: record.value, probabilities: record.probabilities }
      : { [predictionField]: record.value, prediction: record.value };
  // Before validation: snake_case aliases are copied under the inputs' own names and a missing
  // date becomes the request's, so the schema checks the record the model will actually see.
  const canonicalizeBody = (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
    const body = request.body as unknown;
    const now = new Date();
    const records = Array.isArray(body)
      ? body
      : isObject(body) && Array.isArray(body.records)
        ? body.records
        : [body];
    for (const record of records) if (isObject(record)) fields.canonicalize(record, now);
    done();
  };

  app.get('/health', async (_request, reply) => {
    if (!predictor)
      return reply.code(503).send({ status: 'loading', model: manifest.name, version: manifest.version });
    return { status: 'ok', model: manifest.name, version: manifest.version, role: options.role };
  });

  app.get('/model/info', async () => modelInfo(manifest, signature, options, { fields, predictionField }));

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });

  app.post(
    '/predict',
    { schema: { body: schema }, preValidation: canonicalizeBody },
    async (request, reply) => {
      if (!predictor) return notReady(reply);
      const requestId = headerId(request.headers['x-request-id']);
      const result = await predictor.predictRecords([request.body as Record<string, unknown>]);
      if (firstUnscorable(result.predictions) >= 0) return unscorable(reply, null);
      predictions.inc();
      if (result.unseenCategories > 0) unseen.inc(result.unseenCategories);
      return {
        ...answer(result.predictions[0]),
        model: manifest.name,
        model_version: manifest.version,
        prediction_time: new Date().toISOString(),
        request_id: requestId,
      };
    },
  );

  const batchSchema = {
    anyOf: [
      { type: 'array', items: schema },
      { type: 'object', required: ['records'], properties: { records: { type: 'array', items: schema } } },
    ],
  };
  app.post('/batch_predict', { preValidation: canonicalizeBody }, async (request, reply) => {
    if (!predictor) return notReady(reply);
    const body = request.body as unknown;
    const records = Array.isArray(body) ? body : (body as { records?: unknown } | null)?.records;
    if (!Array.isArray(records)) {
      errors.inc({ kind: 'client' });
      return sendError(reply, 400, 'INVALID_INPUT', 'Send an array of records, or {"records": [...]}');
    }
    if (records.length > batchLimit) {
      errors.inc({ kind: 'client' });
      return sendError(
        reply,
        413,
        'BATCH_TOO_LARGE',
        `At most ${batchLimit} records per batch; got ${records.length}`,
        {
          limit: batchLimit,
        },
      );
    }
    const validate = batchValidator(app, batchSchema);
    if (!validate(Array.isArray(body) ? body : { records })) {
      errors.inc({ kind: 'client' });
      return invalidInput(reply, validate.errors ?? []);
    }
    const requestId = headerId(request.headers['x-request-id']);
    const result = await predictor.predictRecords(records as Record<string, unknown>[]);
    const bad = firstUnscorable(result.predictions);
    if (bad >= 0) return unscorable(reply, bad);
    predictions.inc(records.length);
    if (result.unseenCategories > 0) unseen.inc(result.unseenCategories);
    return {
      predictions: result.predictions.map(answer),
      model: manifest.name,
      model_version: manifest.version,
      prediction_time: new Date().toISOString(),
      request_id: requestId,
      count: records.length,
    };
  });

  return { app, ready };
}

type Validator = ((data: unknown) => boolean) & { errors?: unknown[] | null };
const validators = new WeakMap<FastifyInstance, Validator>();

/** One compiled validator for batch bodies (compiled on first use with Fastify's own Ajv). */
function batchValidator(app: FastifyInstance, schema: Record<string, unknown>): Validator {
  let validator = validators.get(app);
  if (!validator) {
    const compile = app.validatorCompiler;
    if (!compile) throw new Error('validator compiler not ready');
    validator = compile({ schema, method: 'POST', url: '/batch_predict', httpPart: 'body' }) as Validator;
    validators.set(app, validator);
  }
  return validator;
}

function headerId(value: string | string[] | undefined): string {
  const id = Array.isArray(value) ? value[0] : value;
  return id && id.length <= 128 ? id : randomUUID();
}

function modelInfo(
  manifest: PackageManifest,
  signature: InputSignature,
  options: ModelServiceOptions,
  api: { fields: RecordFields; predictionField: string },
) {
  return {
    name: manifest.name,
    version: manifest.version,
    task: manifest.task,
    target: manifest.target,
    model_type: manifest.model_type,
    environment: options.environment,
    role: options.role,
    input_signature: signature.inputs.map((input) => {
      const alias = api.fields.aliasOf(input.name);
      const optional = api.fields.optionalDates.includes(input.name);
      return {
        ...input,
        ...(alias ? { alias } : {}),
        ...(optional ? { optional: true, default: 'the date of the request' } : {}),
      };
    }),
    output: signature.output,
    prediction_field: api.predictionField,
    metrics: manifest.metrics,
    lineage: manifest.lineage,
    backend: manifest.backend,
    library_versions: manifest.library_versions,
    created_at: manifest.created_at,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The answer's field for the prediction: the output's `prediction_field`, else `predicted_<target>`. */
async function predictionFieldOf(packageDir: string, manifest: PackageManifest): Promise<string> {
  const file = join(packageDir, MODEL_CONFIG_FILE);
  const config = parseModelConfig(await readFile(file, 'utf8'), file);
  return config.output_features[0].prediction_field ?? `predicted_${snakeCase(manifest.target)}`;
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
