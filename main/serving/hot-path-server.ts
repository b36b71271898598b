import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { FastifyServerFactory } from 'fastify';
import type { AuthCheck } from './auth-guard.js';

/** Answers a request and returns true, or returns false to leave it to Fastify. */
export type HotHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

/** Body types a hot path takes; anything else (other charsets, parameters) is Fastify's. */
const HOT_JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8']);

/** The two prediction routes the hot paths answer. */
export type HotRoute = '/predict' | '/batch_predict';

/**
 * The route of a request a hot path may take, or null to leave it to Fastify: only the plain
 * case, a POST to a prediction route with a JSON body whose length is known and within the
 * limit, and a token the guard would accept (`auth`, when a token is required).
 */
export function plainPrediction(
  request: IncomingMessage,
  bodyLimitBytes: number,
  auth: AuthCheck | null,
): HotRoute | null {
  if (request.method !== 'POST') return null;
  const url = request.url;
  const route: HotRoute | null = url === '/predict' ? '/predict' : url === '/batch_predict' ? url : null;
  if (route === null) return null;
  const headers = request.headers;
  const type = headers['content-type'];
  if (type === undefined || !HOT_JSON_TYPES.has(type.toLowerCase())) return null;
  const length = Number(headers['content-length']);
  if (!(length > 0 && length <= bodyLimitBytes) || headers['transfer-encoding'] !== undefined) return null;
  if (auth && !auth(request.socket.remoteAddress, headers.authorization)) return null;
  return route;
}

/**
 * A Fastify `serverFactory` whose node:http server offers every request to a hot path first and
 * hands Fastify what the hot path leaves. The gateway and the model service answer their two
 * prediction routes this way: Fastify's per-request machinery (route lookup, hooks, reply
 * serialisation) costs more CPU than the prediction itself, and on a workstation the load
 * generator, the gateway and every service share the same cores. `hot` is read per request, so
 * it can be set after Fastify is built (once the routes it shares with Fastify exist).
 */
export function hotPathServerFactory(hot: () => HotHandler): FastifyServerFactory {
  return (handler, fastifyOptions) => {
    const options = fastifyOptions as Record<
      'keepAliveTimeout' | 'requestTimeout' | 'connectionTimeout',
      number
    >;
    // Node answers a request without Host with an empty 400 before any handler runs; served on
    // loopback only, such a request is answered like any other (its body is still validated).
    const server = createServer({ requireHostHeader: false }, (request, response) => {
      if (!hot()(request, response)) handler(request, response);
    });
    // What Fastify sets on a server it creates itself.
    server.keepAliveTimeout = options.keepAliveTimeout;
    server.requestTimeout = options.requestTimeout;
    server.setTimeout(options.connectionTimeout);
    return server;
  };
}

/** Reads a request's whole body, then calls `done` with it (one chunk is passed on as it came). */
export function readBody(request: IncomingMessage, done: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => done(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
  // A caller that hangs up mid-body ends here: nothing was done, nothing to answer.
  request.on('error', () => {});
}

/** Writes a JSON answer the way Fastify would (same content type), with any extra headers. */
export function writeJson(
  response: ServerResponse,
  status: number,
  body: string | Buffer,
  extra: string[] = [],
) {
  response.writeHead(status, [
    'content-type',
    'application/json; charset=utf-8',
    'content-length',
    String(Buffer.byteLength(body)),
    ...extra,
  ]);
  response.end(body);
}
