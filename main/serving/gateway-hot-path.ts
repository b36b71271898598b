import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthCheck } from './auth-guard.js';
import { newRequestId } from './request-id.js';
import type { RequestRecorder } from './request-metrics.js';
import { sendUpstream, type Upstream } from './upstream.js';

export type HotRoute = '/predict' | '/batch_predict';

/** A champion's answer to one request, handed on after the caller has it (log, mirrors). */
export type ServedPrediction = {
  requestId: string;
  route: HotRoute;
  championVersion: number;
  body: Buffer;
  status: number;
  answer: Buffer;
  latencyMs: number;
  authorization: string | undefined;
};

export type HotPathOptions = {
  champion: () => Upstream | null;
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

/** Answers a request and returns true, or returns false to leave it to Fastify. */
export type HotHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

const JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8']);

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
    if (request.method !== 'POST') return false;
    const url = request.url;
    const route: HotRoute | null = url === '/predict' ? '/predict' : url === '/batch_predict' ? url : null;
    if (route === null) return false;
    const headers = request.headers;
    const type = headers['content-type'];
    if (type === undefined || !JSON_TYPES.has(type.toLowerCase())) return false;
    const length = Number(headers['content-length']);
    if (!(length > 0 && length <= options.bodyLimitBytes) || headers['transfer-encoding'] !== undefined) {
      return false;
    }
    const authorization = headers.authorization;
    if (options.auth && !options.auth(request.socket.remoteAddress, authorization)) return false;
    if (options.closing()) return false;
    new HotExchange(options, request, response, route, options.auth ? authorization : undefined);
    return true;
  };
}

/** One request through the hot path: read the body, forward it, answer, then hand it on. */
class HotExchange {
  private readonly started = performance.now();
  private readonly chunks: Buffer[] = [];
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
    request.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    request.on('end', () => this.forward());
    // A caller that hangs up mid-body ends here: nothing was forwarded, nothing to answer.
    request.on('error', () => {});
  }

  private forward(): void {
    const chunks = this.chunks;
    this.body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    const champion = this.options.champion();
    if (!champion) {
      this.answer(503, this.options.noChampion());
      return;
    }
    this.requestId = newRequestId();
    this.championVersion = champion.version;
    const headers =
      this.authorization === undefined
        ? ['x-request-id', this.requestId]
        : ['x-request-id', this.requestId, 'authorization', this.authorization];
    sendUpstream(champion, 'POST', this.route, headers, this.body, (error, status, answer, latencyMs) => {
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
    });
  }

  private answer(status: number, body: Buffer | string): void {
    const response = this.response;
    const headers = ['content-type', 'application/json', 'content-length', String(Buffer.byteLength(body))];
    if (this.requestId !== '') headers.push('x-request-id', this.requestId);
    response.writeHead(status, headers);
    response.end(body);
    this.options.record(this.route, status, (performance.now() - this.started) / 1000);
  }
}
