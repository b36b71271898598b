import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { FastifyServerFactory } from 'fastify';

/** Answers a request and returns true, or returns false to leave it to Fastify. */
export type HotHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

/** Body types a hot path takes; anything else (other charsets, parameters) is Fastify's. */
export const HOT_JSON_TYPES = new Set(['application/json', 'application/json; charset=utf-8']);

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
