import Fastify, { type FastifyInstance } from 'fastify';
import { sendError } from '../common/http-errors.js';
import { installAuthGuard } from './auth-guard.js';
import type { Gateway } from './gateway.js';
import { applyRouting, type GatewayRouting } from './gateway-routing.js';

/** What the gateway process says about itself on GET /status. */
export type GatewayProcessStatus = {
  pid: number;
  model: string;
  url: string;
  /** The Podium process that steers it; another one adopts it only once this one is gone. */
  ownerPid: number;
  routing: GatewayRouting;
  startedAt: string;
};

const service = {
  type: 'object',
  required: ['version', 'url'],
  additionalProperties: false,
  properties: {
    version: { type: 'integer', minimum: 1 },
    url: { type: 'string', pattern: '^https?://' },
  },
} as const;

const routingSchema = {
  type: 'object',
  required: ['champion', 'shadows'],
  additionalProperties: false,
  properties: {
    champion: { anyOf: [{ type: 'null' }, service] },
    shadows: { type: 'array', items: service },
  },
} as const;

/**
 * The gateway process's control channel: a small HTTP API on 127.0.0.1 only, beside the public
 * port, guarded by a bearer key the process was given at start.
 *
 * Why HTTP and not the child-process IPC channel: IPC exists only between a process and the
 * parent that forked it, and a gateway outlives a Podium that crashes so that the next one can
 * adopt it. Over loopback HTTP any Podium on the workspace can steer it the same way, and the
 * messages are few and small (one idempotent routing table, a status, a flush), far from the
 * hot path. Why not the public port: its routes are the model's API; steering belongs where
 * only the key holder on this machine can reach it, whatever serving.host the public one binds.
 */
export function createGatewayAdmin(input: {
  gateway: Gateway;
  adminKeySha256: string;
  url: () => string;
  ownerPid: number;
  startedAt: string;
}): FastifyInstance {
  const { gateway } = input;
  let ownerPid = input.ownerPid;
  // Routing changes wait for each other: a switch drains the old champion before the next begins.
  let changing: Promise<unknown> = Promise.resolve();
  const app = Fastify({ logger: false });
  installAuthGuard(app, { tokenSha256: input.adminKeySha256 });
  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    return sendError(reply, status, status < 500 ? 'BAD_REQUEST' : 'INTERNAL', error.message);
  });

  const status = (): GatewayProcessStatus => ({
    pid: process.pid,
    model: gateway.modelName,
    url: input.url(),
    ownerPid,
    routing: gateway.routing(),
    startedAt: input.startedAt,
  });

  app.get('/status', async () => status());

  app.put<{ Body: GatewayRouting }>('/routing', { schema: { body: routingSchema } }, async (request) => {
    const next = changing.then(() => applyRouting(gateway, request.body));
    changing = next.catch(() => {});
    await next;
    return status();
  });

  app.put<{ Body: { pid: number } }>(
    '/owner',
    {
      schema: {
        body: {
          type: 'object',
          required: ['pid'],
          additionalProperties: false,
          properties: { pid: { type: 'integer', minimum: 1 } },
        },
      },
    },
    async (request) => {
      ownerPid = request.body.pid;
      return status();
    },
  );

  app.post('/mirrors-idle', async () => {
    await gateway.mirrorsIdle();
    return { idle: true };
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', gateway.registry.contentType);
    return gateway.registry.metrics();
  });

  return app;
}
