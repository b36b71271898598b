import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { Counter, collectDefaultMetrics, Registry } from 'prom-client';
import { clientErrorHandler } from '../common/http-errors.js';
import { type RecordFields, recordFields, snakeCase } from '../features/index.js';
import { MODEL_CONFIG_FILE, type PackageManifest, readManifest } from '../registry/index.js';
import { loadPredictor, type Predictor, parseModelConfig } from '../training/index.js';
import { type AuthGuardOptions, installAuthGuard } from './auth-guard.js';
import { type HotHandler, hotPathServerFactory } from './hot-path-server.js';
import { inferErrorMessage, type ScoredRow } from './inference-response.js';
import type { InputSignature } from './input-schema.js';
import { createPredictionEndpoints, type PredictionAnswer, parseJsonBody } from './model-predictions.js';
import { registerOpenInferenceRoutes } from './open-inference-routes.js';
import { requestIdFrom } from './request-id.js';
import { recordRequestMetrics } from './request-metrics.js';
import { createServiceHotPath } from './service-hot-path.js';

export type ModelServiceOptions = {
  packageDir: string;
  environment: string;
  role: 'champion' | 'shadow' | 'standalone';
  /** Largest array accepted by /batch_predict. */
  batchLimit?: number;
  bodyLimitBytes?: number;
  /** Require a bearer token (all routes but GET /health); absent, the service is open as before. */
  auth?: AuthGuardOptions;
  /** Echoed by /health: how its supervisor tells it from another server on the port (SERVICE_INSTANCE_ENV). */
  instance?: string;
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
  const unseenByField = new Counter({
    name: 'podium_unseen_category_total',
    help: 'Category values never seen in training, answered as unknown, by field',
    labelNames: ['field'],
    registers: [registry],
  });
  const missingByField = new Counter({
    name: 'podium_missing_value_total',
    help: 'Values a record did not hold (absent, null or blank), filled as in training, by field',
    labelNames: ['field'],
    registers: [registry],
  });

  let predictor: Predictor | null = null;
  const ready = loadPredictor(options.packageDir).then((loaded) => {
    predictor = loaded;
  });
  ready.catch(() => {});

  const bodyLimit = options.bodyLimitBytes ?? 5 * 1024 * 1024;
  // Set once the routes it shares with Fastify exist; the server takes requests only after listen.
  let handleHot: HotHandler = () => false;
  let closing = false;
  const app = Fastify({
    logger: false,
    bodyLimit,
    clientErrorHandler,
    // The prediction routes are answered before Fastify sees them (see service-hot-path.ts).
    serverFactory: hotPathServerFactory(() => handleHot),
  });
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });

  const endpoints = createPredictionEndpoints({
    manifest,
    signature,
    fields,
    predictionField,
    batchLimit: options.batchLimit ?? 1_000,
    predictor: () => predictor,
    counters: { predictions, unseen, errors, unseenByField, missingByField },
  });
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  const send = (reply: FastifyReply, answer: PredictionAnswer) => reply.code(answer.status).send(answer.body);
  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) =>
    send(reply, endpoints.requestError(error)),
  );
  const record = recordRequestMetrics(
    app,
    registry,
    { requests: 'podium_model_requests_total', duration: 'podium_model_request_duration_seconds' },
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
  );
  const authCheck = options.auth ? installAuthGuard(app, options.auth) : null;

  app.get('/health', async (_request, reply) => {
    if (!predictor)
      return reply.code(503).send({ status: 'loading', model: manifest.name, version: manifest.version });
    return {
      status: 'ok',
      model: manifest.name,
      version: manifest.version,
      role: options.role,
      ...(options.instance === undefined ? {} : { instance: options.instance }),
    };
  });

  app.get('/model/info', async () => ({
    ...modelInfo(manifest, signature, options, { fields, predictionField }),
    statistics: endpoints.statistics(),
  }));

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });

  // What the hot path leaves to Fastify (chunked bodies, other JSON content types, a model
  // still loading, in-process tests with inject) is answered by the same endpoints.
  app.post('/predict', async (request, reply) =>
    send(reply, await endpoints.predict(request.body, requestIdFrom(request.headers['x-request-id']))),
  );
  app.post('/batch_predict', async (request, reply) =>
    send(reply, await endpoints.batchPredict(request.body, requestIdFrom(request.headers['x-request-id']))),
  );

  const inferenceModel = {
    name: manifest.name,
    version: manifest.version,
    inputs: modelInfo(manifest, signature, options, { fields, predictionField }).input_signature,
    output: signature.output,
    rowIds: false,
  };
  registerOpenInferenceRoutes(
    app,
    {
      modelName: manifest.name,
      kind: 'model service',
      ready: async () => predictor !== null,
      model: async () => inferenceModel,
      // The tensors' rows are scored as one /batch_predict, so they are validated and counted alike.
      infer: async (_model, records, request) => {
        const requestId = requestIdFrom(request.headers['x-request-id']);
        const answer = await endpoints.batchPredict(records, requestId);
        if (answer.status !== 200) return { status: answer.status, error: inferErrorMessage(answer.body) };
        return { requestId, rows: (answer.body as { predictions: ScoredRow[] }).predictions };
      },
      refused: () => errors.inc({ kind: 'client' }),
    },
    bodyLimit,
  );

  handleHot = createServiceHotPath({
    endpoints,
    ready: () => predictor !== null,
    closing: () => closing,
    bodyLimitBytes: bodyLimit,
    auth: authCheck,
    record,
  });

  return { app, ready };
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
        // The signature's `default: request_time`: left out, the date is the day of the request.
        ...(optional ? { optional: true } : {}),
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

/** The answer's field for the prediction: the output's `prediction_field`, else `predicted_<target>`. */
async function predictionFieldOf(packageDir: string, manifest: PackageManifest): Promise<string> {
  const file = join(packageDir, MODEL_CONFIG_FILE);
  const config = parseModelConfig(await readFile(file, 'utf8'), file);
  return config.output_features[0].prediction_field ?? `predicted_${snakeCase(manifest.target)}`;
}
