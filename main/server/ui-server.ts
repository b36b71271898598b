import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { ApiBridge } from '../app/api-bridge.js';
import { clientErrorHandler, sendError } from '../common/http-errors.js';
import { listenFailure } from '../common/listen-error.js';
import { LOOPBACK_HOSTS } from '../common/loopback.js';
import { PodiumError } from '../contract/errors.js';
import { BROWSER_CSP } from './content-security-policy.js';
import { DEFAULT_UI_PORT } from './default-ui-port.js';
import { statusForErrorCode } from './error-status.js';
import { bearerToken, createLaunchToken } from './launch-token.js';

/** CSV uploads travel inside the data.ingest body. */
export const UI_BODY_LIMIT_BYTES = 256 * 1024 * 1024;
export { DEFAULT_UI_PORT };
/** The WebSocket close code for a missing or wrong token (4000–4999 are the application's). */
export const WS_UNAUTHORIZED = 4401;
/** A client that cannot keep up with events is dropped rather than buffered without bound. */
const MAX_BUFFERED_EVENT_BYTES = 32 * 1024 * 1024;

export type UiServerOptions = {
  api: ApiBridge;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The built renderer (index.html, app.js, app.css); defaults to dist/renderer-app. */
  rendererDir?: string;
};

export type UiServer = {
  /** The address without the token, e.g. http://127.0.0.1:8400 */
  url: string;
  /** What the user opens: the token travels in the fragment, which browsers never send. */
  launchUrl: string;
  token: string;
  app: FastifyInstance;
  close(): Promise<void>;
};

export function defaultRendererDir(): string {
  return fileURLToPath(new URL('../../renderer-app/', import.meta.url));
}

/** Browser mode: the built renderer plus the API over HTTP and a WebSocket, on loopback only. */
export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const host = options.host ?? '127.0.0.1';
  assertLoopback(host);
  const rendererDir = options.rendererDir ?? defaultRendererDir();
  if (!existsSync(`${rendererDir}/index.html`)) {
    throw new PodiumError(
      'NOT_FOUND',
      `The renderer is not built: ${rendererDir}index.html is missing; run npm run build`,
      { path: rendererDir },
    );
  }
  const launch = createLaunchToken();
  const app = await buildUiApp({ api: options.api, rendererDir, matches: launch.matches });
  let address: string;
  try {
    address = await app.listen({ host, port: options.port ?? DEFAULT_UI_PORT });
  } catch (error) {
    await app.close();
    const port = options.port ?? DEFAULT_UI_PORT;
    throw (
      listenFailure('The Podium UI', { host, port }, error, '`podium ui --port N` (0: any free port)') ??
      error
    );
  }
  return {
    url: address,
    launchUrl: `${address}/#token=${launch.token}`,
    token: launch.token,
    app,
    close: () => app.close(),
  };
}

function assertLoopback(host: string): void {
  if (LOOPBACK_HOSTS.has(host)) return;
  throw new PodiumError(
    'USAGE',
    `--host ${host} is reachable from other machines; podium ui serves only this machine (127.0.0.1, ::1 or localhost)`,
    { field: 'host', host },
  );
}

type UiAppInput = { api: ApiBridge; rendererDir: string; matches(presented: string | undefined): boolean };

export async function buildUiApp(input: UiAppInput): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: UI_BODY_LIMIT_BYTES,
    clientErrorHandler,
    http: { requireHostHeader: false },
    // The router's own refusals (a URL it cannot decode, an operation name over the length
    // limit) get the one error shape too, without echoing the URL back.
    frameworkErrors: (error, _request, reply) =>
      sendError(reply, 400, 'BAD_REQUEST', `The request URL was refused (${error.code})`),
  });
  // Any content type is read as JSON (a fetch without a content-type still works), with
  // Fastify's own parser so __proto__ and constructor.prototype keys are refused.
  app.removeAllContentTypeParsers();
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text === '') return done(null, undefined);
    parseJson(request, text, done);
  });
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) return sendError(reply, 500, 'INTERNAL', 'Internal error; see the log for details');
    if (status === 413) return sendError(reply, 413, 'PAYLOAD_TOO_LARGE', 'The request body is over 256 MB');
    const message =
      error.code?.startsWith('FST_ERR_CTP') || error instanceof SyntaxError
        ? `The request body is not valid JSON: ${error.message}`
        : error.message;
    return sendError(reply, status, 'BAD_REQUEST', message);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, 'NOT_FOUND', `Nothing at ${request.method} ${request.url.split('?')[0]}`),
  );
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('text/html')) {
      reply.header('content-security-policy', BROWSER_CSP);
    }
    return payload;
  });

  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(fastifyStatic, { root: input.rendererDir, index: 'index.html', wildcard: false });

  const unauthorized = (reply: FastifyReply, message: string) =>
    sendError(reply.header('www-authenticate', 'Bearer'), 401, 'UNAUTHORIZED', message);

  app.post<{ Params: { operation: string } }>(
    '/api/call/:operation',
    {
      // Checked before the body is read: an upload without the token costs nothing.
      onRequest: async (request, reply) => {
        const header = request.headers.authorization;
        if (header === undefined) return unauthorized(reply, 'Send the header Authorization: Bearer <token>');
        if (!input.matches(bearerToken(header))) return unauthorized(reply, 'The token is wrong');
      },
    },
    async (request, reply) => {
      // No body is the same as an empty object: operations without input need not send one.
      const body = request.body === undefined ? {} : request.body;
      const result = await input.api.call(request.params.operation, body);
      if ('error' in result) {
        const status = statusForErrorCode(result.error.code);
        return reply.code(status).send({ error: result.error });
      }
      return reply.code(200).send({ data: result.data ?? null });
    },
  );

  app.get<{ Querystring: { token?: string } }>('/api/events', { websocket: true }, (socket, request) => {
    const token = typeof request.query.token === 'string' ? request.query.token : undefined;
    if (!input.matches(token)) {
      socket.close(WS_UNAUTHORIZED, 'The token is missing or wrong');
      return;
    }
    const unsubscribe = input.api.subscribe((message) => {
      if (socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > MAX_BUFFERED_EVENT_BYTES) {
        socket.close(1013, 'Too far behind on events; reconnect');
        return;
      }
      socket.send(JSON.stringify(message));
    });
    socket.on('close', unsubscribe);
    // The client has nothing to say on this socket; whatever it sends is ignored.
    socket.on('message', () => {});
  });
  return app;
}
