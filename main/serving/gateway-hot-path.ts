import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthCheck } from './auth-guard.js';
import type { DynamicBatcher } from './dynamic-batcher.js';
import { type HotHandler, type HotRoute, plainPrediction, readBody, writeJson } from './hot-path-server.js';
import { newRequestId } from './request-id.js';
import type { RequestRecorder } from './request-metrics.js';
import type { PredictAnswered } from './send-predictions.js';
import { sendUpstream, type Upstream } from './upstream.js';

/** A champion's answer to one request, handed on after the caller has it (log, mirrors). */
export type ServedPrediction = {
  requestId: string;
  route: HotRoute;
  championVersion: number;
  body: Buffer;
  status: number;
  answer: Buffer | string;
  latencyMs: number;
  authorization: string | undefined;
};

export type HotPathOptions = {
  /** The champion's batcher (its upstream within), or null when no champion is set. */
  champion: () => DynamicBatcher | null;
  /** True while the gateway shuts down: Fastify then answers (503, connection closed). */
  closing: () => boolean;
  bodyLimitBytes: number;
  /** Set when the gateway requires a token; the header is then passed on to the services. */
  auth: AuthCheck | null;
  record: RequestRecorder;
  /** The error bodies of the two 503s: no champion set, champion not answering. */
  noChampion: () => string;
  championDown: (champion: Upstream, error: Error) => string;
  served: (prediction: ServedPrediction) => void;
};

/**
 * The gateway's two hot routes (POST /predict and /batch_predict) on bare node:http, in front of
 * Fastify: the body's bytes go to the champion as they came and its answer's bytes come back as
 * they came, with no parsing, no serialisation and no per-request hooks. Only the plain case is
 * taken: a JSON body with a length within the limit, a token the guard would accept, a gateway
 * not shutting down. Anything else (no or chunked body, other content types, a wrong or missing
 * token, query strings) returns false and goes to Fastify, whose routes answer it as before.
 */
export function createHotPath(options: HotPathOptions): HotHandler {
  return (request, response) => {
    const route = plainPrediction(request, options.bodyLimitBytes, options.auth);
    if (route === null || options.closing()) return false;
    new HotExchange(
      options,
      request,
      response,
      route,
      options.auth ? request.headers.authorization : undefined,
    );
    return true;
  };
}

/** One request through the hot path: read the body, forward it, answer, then hand it on. */
class HotExchange {
  private readonly started = performance.now();
  private requestId = '';
  private championVersion = 0;
  private body: Buffer = Buffer.alloc(0);

  constructor(
    private readonly options: HotPathOptions,
    request: IncomingMessage,
    private readonly response: ServerResponse,
    private readonly route: HotRoute,
    private readonly authorization: string | undefined,
  ) {
    readBody(request, (body) => this.forward(body));
  }

  private forward(body: Buffer): void {
    this.body = body;
    const batcher = this.options.champion();
    if (!batcher) {
      this.answer(503, this.options.noChampion());
      return;
    }
    const champion = batcher.upstream;
    this.requestId = newRequestId();
    this.championVersion = champion.version;
    const answered: PredictAnswered = (error, status, answer, latencyMs) => {
      if (error) {
        this.answer(503, this.options.championDown(champion, error));
        return;
      }
      this.answer(status, answer);
      this.options.served({
        requestId: this.requestId,
        route: this.route,
        championVersion: this.championVersion,
        body: this.body,
        status,
        answer,
        latencyMs,
        authorization: this.authorization,
      });
    };
    // Single predictions may share a /batch_predict with others; a caller's batch goes as it is.
    if (this.route === '/predict') {
      batcher.predict({ requestId: this.requestId, body, authorization: this.authorization }, answered);
      return;
    }
    const headers =
      this.authorization === undefined
        ? ['x-request-id', this.requestId]
        : ['x-request-id', this.requestId, 'authorization', this.authorization];
    sendUpstream(champion, 'POST', this.route, headers, body, answered);
  }

  private answer(status: number, body: Buffer | string): void {
    writeJson(this.response, status, body, this.requestId === '' ? [] : ['x-request-id', this.requestId]);
    this.options.record(this.route, status, (performance.now() - this.started) / 1000);
  }
}
