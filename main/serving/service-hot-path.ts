import type { ServerResponse } from 'node:http';
import type { AuthCheck } from './auth-guard.js';
import { type HotHandler, plainPrediction, readBody, writeJson } from './hot-path-server.js';
import { type PredictionAnswer, type PredictionEndpoints, parseJsonBody } from './model-predictions.js';
import { requestIdFrom } from './request-id.js';
import type { RequestRecorder } from './request-metrics.js';

export type ServiceHotPathOptions = {
  endpoints: PredictionEndpoints;
  /** False until the model is loaded: Fastify's route then answers 503. */
  ready: () => boolean;
  /** True once the service is shutting down: Fastify then answers (503, connection closed). */
  closing: () => boolean;
  bodyLimitBytes: number;
  /** Set when the service requires a token. */
  auth: AuthCheck | null;
  record: RequestRecorder;
};

/**
 * A model service's POST /predict and /batch_predict on bare node:http, in front of Fastify:
 * the body is parsed by the same function as Fastify's JSON parser, then answered by the same
 * endpoints as Fastify's routes, so the answers are the same; only Fastify's per-request
 * machinery is skipped. As in the gateway, only the
 * plain case is taken (a JSON body with a length within the limit, an accepted token, a model
 * loaded, a service not shutting down); anything else returns false and Fastify answers it.
 */
export function createServiceHotPath(options: ServiceHotPathOptions): HotHandler {
  const { endpoints, record } = options;
  return (request, response) => {
    const route = plainPrediction(request, options.bodyLimitBytes, options.auth);
    if (route === null || !options.ready() || options.closing()) return false;
    const started = performance.now();
    const requestId = requestIdFrom(request.headers['x-request-id']);
    readBody(request, (bytes) => {
      let parsed: unknown;
      try {
        parsed = parseJsonBody(bytes.toString('utf8'));
      } catch (error) {
        answer(response, route, started, endpoints.requestError(error as Error));
        return;
      }
      const answered =
        route === '/predict'
          ? endpoints.predict(parsed, requestId)
          : endpoints.batchPredict(parsed, requestId);
      answered.then(
        (result) => answer(response, route, started, result),
        (error: Error) => answer(response, route, started, endpoints.requestError(error)),
      );
    });
    return true;
  };

  function answer(response: ServerResponse, route: string, started: number, result: PredictionAnswer) {
    writeJson(response, result.status, JSON.stringify(result.body));
    record(route, result.status, (performance.now() - started) / 1000);
  }
}
