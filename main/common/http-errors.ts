import type { Socket } from 'node:net';
import type { FastifyReply } from 'fastify';

/** Every HTTP error body has one shape: {error: {code, message, details?}}; 5xx never carry internals. */
export function sendError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  details?: Record<string, unknown>,
): FastifyReply {
  return reply.code(status).send(errorBody(code, message, details));
}

export function errorBody(code: string, message: string, details?: Record<string, unknown>) {
  return { error: details ? { code, message, details } : { code, message } };
}

/** The same body as JSON text, for answers written outside Fastify (the hot paths). */
export function errorJson(code: string, message: string, details?: Record<string, unknown>): string {
  return JSON.stringify(errorBody(code, message, details));
}

/**
 * Requests Node's HTTP parser rejects before Fastify sees them (broken framing, a header over
 * the size limit) get the same {error: {code, message}} body as every other 4xx, instead of
 * Fastify's default shape. The connection is closed: after a framing error the stream is lost.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  const body = JSON.stringify({
    error: tooLarge
      ? { code: 'HEADERS_TOO_LARGE', message: 'The request headers are too large' }
      : { code: 'BAD_REQUEST', message: `The request is not valid HTTP (${error.code ?? 'parse error'})` },
  });
  socket.end(
    `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
