import type { FastifyRequest } from 'fastify';
import { splitBatchAnswer } from './batch-answer.js';
import type { ServedPrediction } from './gateway-hot-path.js';
import type { InferenceInput } from './inference-request.js';
import { type InferenceModel, inferErrorMessage, type ScoredRow } from './inference-response.js';
import type { InferenceTarget } from './open-inference-routes.js';
import { newRequestId } from './request-id.js';
import { callUpstream, type Upstream } from './upstream.js';

/** What the gateway learns of its champion from /model/info: its inputs and its output. */
export type ChampionSignature = { input_signature: InferenceInput[]; output: InferenceModel['output'] };

export type GatewayInferenceOptions = {
  modelName: string;
  champion: () => Upstream | null;
  /** The champion's signature (asked once per version), or null when it does not answer. */
  signature: (request: FastifyRequest) => Promise<ChampionSignature | null>;
  /** The caller's Authorization header, when the gateway checks it and passes it on. */
  authorization: (request: FastifyRequest) => string | undefined;
  /** Hands a served answer on to the prediction log and the shadows' mirrors. */
  served: (prediction: ServedPrediction) => void;
  noChampion: () => string;
  championDown: (champion: Upstream, error: unknown) => string;
};

/**
 * The gateway's side of the Open Inference Protocol: the tensors' rows go to the champion as one
 * /batch_predict, and each row is then handed on as if it had come as its own /predict: a
 * request id of its own (returned as the `request_id` output, for /feedback), a row in the
 * prediction log, a mirror to every shadow. So v2 traffic counts in a shadow test exactly as
 * /predict traffic does. A request the champion refuses is logged once, with its status.
 */
export function gatewayInferenceTarget(options: GatewayInferenceOptions): InferenceTarget {
  return {
    modelName: options.modelName,
    kind: 'gateway',
    async ready(request) {
      const champion = options.champion();
      if (!champion) return false;
      const authorization = options.authorization(request);
      try {
        const answer = await callUpstream(
          champion,
          '/health',
          undefined,
          authorization ? ['authorization', authorization] : [],
          'GET',
        );
        return answer.status === 200;
      } catch {
        return false;
      }
    },
    async model(request) {
      const champion = options.champion();
      if (!champion) return { status: 503, error: options.noChampion() };
      const signature = await options.signature(request);
      if (!signature) {
        return {
          status: 503,
          error: `The champion service (v${champion.version}) did not describe its inputs; try again shortly`,
        };
      }
      return {
        name: options.modelName,
        version: champion.version,
        inputs: signature.input_signature,
        output: signature.output,
        rowIds: true,
      };
    },
    async infer(_model, records, request) {
      const champion = options.champion();
      if (!champion) return { status: 503, error: options.noChampion() };
      const requestId = newRequestId();
      const authorization = options.authorization(request);
      const headers = ['x-request-id', requestId];
      if (authorization !== undefined) headers.push('authorization', authorization);
      const body = JSON.stringify(records);
      let answer: Awaited<ReturnType<typeof callUpstream>>;
      try {
        answer = await callUpstream(champion, '/batch_predict', body, headers);
      } catch (error) {
        return { status: 503, error: options.championDown(champion, error) };
      }
      const served = (id: string, features: string, status: number, text: string) =>
        options.served({
          requestId: id,
          route: '/predict',
          championVersion: champion.version,
          body: Buffer.from(features, 'utf8'),
          status,
          answer: text,
          latencyMs: answer.latencyMs,
          authorization,
        });
      if (answer.status !== 200) {
        served(requestId, body, answer.status, answer.body);
        return { status: answer.status, error: inferErrorMessage(parsed(answer.body)) };
      }
      const rowIds = records.map(() => newRequestId());
      const rows = splitBatchAnswer(answer.body, rowIds);
      if (!rows) {
        return {
          status: 502,
          error: `The champion service (v${champion.version}) gave an answer that is not one prediction per row`,
        };
      }
      for (const [index, row] of rows.entries())
        served(rowIds[index], JSON.stringify(records[index]), 200, row);
      return { requestId, rows: (parsed(answer.body) as { predictions: ScoredRow[] }).predictions, rowIds };
    },
  };
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
