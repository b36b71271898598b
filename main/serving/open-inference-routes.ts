import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { podiumVersion } from '../common/versions.js';
import { decodeInferRequest, InferRequestError } from './inference-request.js';
import {
  checkRequestedOutputs,
  type InferenceModel,
  inferResponse,
  modelMetadata,
  type ScoredRow,
} from './inference-response.js';

/** Why a request could not be answered: a status and the protocol's one-line error. */
export type InferenceFailure = { status: number; error: string };

/** What a server answers with: the model service itself, or the gateway through its champion. */
export type InferenceTarget = {
  /** The model name the routes answer for; any other is a 404. */
  modelName: string;
  /** Which server this is, for messages ("model service", "gateway"). */
  kind: string;
  ready(request: FastifyRequest): Promise<boolean>;
  model(request: FastifyRequest): Promise<InferenceModel | InferenceFailure>;
  /** Scores the decoded records as /batch_predict would, with the id it answered under. */
  infer(
    model: InferenceModel,
    records: Record<string, unknown>[],
    request: FastifyRequest,
  ): Promise<{ requestId: string; rows: ScoredRow[]; rowIds?: string[] } | InferenceFailure>;
  /** Counts a request refused before it was scored, as the service counts its own 400s. */
  refused?(): void;
};

type ModelParams = { name: string; version?: string };

/**
 * The Open Inference Protocol (KServe v2 REST) beside /predict: health, model metadata and
 * readiness, and infer with named input tensors. Infer is a translation layer only: the tensors
 * become the records /batch_predict takes and go the same way (validation, scoring, on the
 * gateway the log and the shadows' mirrors), and the answer comes back as output tensors.
 * The routes live in their own plugin scope: they take any body type (Triton's client sends
 * its binary tensors without a JSON content type) and answer errors as `{"error": "…"}`.
 */
export function registerOpenInferenceRoutes(
  app: FastifyInstance,
  target: InferenceTarget,
  bodyLimit: number,
) {
  app.register(async (v2) => {
    v2.removeAllContentTypeParsers();
    v2.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) =>
      done(null, body),
    );
    v2.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
      const status =
        error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 413)
        return fail(reply, { status, error: `The request body is too large (at most ${bodyLimit} bytes)` });
      return fail(reply, {
        status,
        error: status >= 500 ? `Internal error in the ${target.kind}` : error.message,
      });
    });

    v2.get('/v2', async () => ({
      name: 'podium',
      version: podiumVersion(),
      extensions: ['binary_tensor_data'],
    }));
    v2.get('/v2/health/live', async () => ({ live: true }));
    v2.get('/v2/health/ready', async (request, reply) => {
      const ready = await target.ready(request);
      return reply.code(ready ? 200 : 503).send({ ready });
    });

    const metadata = async (request: FastifyRequest<{ Params: ModelParams }>, reply: FastifyReply) => {
      const model = await servedModel(request, reply);
      return model && reply.send(modelMetadata(model));
    };
    const ready = async (request: FastifyRequest<{ Params: ModelParams }>, reply: FastifyReply) => {
      const model = await servedModel(request, reply);
      if (!model) return reply;
      const ready = await target.ready(request);
      return reply.code(ready ? 200 : 503).send({ name: model.name, ready });
    };
    const infer = async (request: FastifyRequest<{ Params: ModelParams }>, reply: FastifyReply) => {
      const model = await servedModel(request, reply);
      if (!model) return reply;
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      let decoded: ReturnType<typeof decodeInferRequest>;
      try {
        decoded = decodeInferRequest(body, request.headers['inference-header-content-length'], model);
        checkRequestedOutputs(model, decoded);
      } catch (error) {
        if (!(error instanceof InferRequestError)) throw error;
        target.refused?.();
        return fail(reply, { status: 400, error: error.message });
      }
      const answer = await target.infer(model, decoded.records, request);
      if ('error' in answer) return fail(reply, answer);
      return reply
        .header('x-request-id', answer.requestId)
        .send(inferResponse(model, decoded, answer.rows, answer.rowIds));
    };
    for (const prefix of ['/v2/models/:name', '/v2/models/:name/versions/:version']) {
      v2.get(prefix, metadata);
      v2.get(`${prefix}/ready`, ready);
      v2.post(`${prefix}/infer`, infer);
    }

    /** The model the path names, or null once a 404 (another name or version) or 503 is sent. */
    async function servedModel(
      request: FastifyRequest<{ Params: ModelParams }>,
      reply: FastifyReply,
    ): Promise<InferenceModel | null> {
      const { name, version } = request.params;
      if (name !== target.modelName) {
        fail(reply, {
          status: 404,
          error: `Unknown model "${name}": this ${target.kind} serves "${target.modelName}"`,
        });
        return null;
      }
      const model = await target.model(request);
      if ('error' in model) {
        fail(reply, model);
        return null;
      }
      if (version !== undefined && version !== String(model.version)) {
        fail(reply, {
          status: 404,
          error: `Unknown version "${version}" of model "${name}": this ${target.kind} serves version ${model.version}`,
        });
        return null;
      }
      return model;
    }
  });
}

function fail(reply: FastifyReply, failure: InferenceFailure): FastifyReply {
  return reply.code(failure.status).send({ error: failure.error });
}
