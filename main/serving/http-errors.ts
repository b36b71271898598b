import type { FastifyReply } from 'fastify';

/** Every HTTP error body has one shape: {error: {code, message, details?}}; 5xx never carry internals. */
export function sendError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  details?: Record<string, unknown>,
): FastifyReply {
  return reply.code(status).send({ error: details ? { code, message, details } : { code, message } });
}
