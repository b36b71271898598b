import { type ExchangeCallback, PipelinedClient } from './pipelined-client.js';

/** One model service behind the gateway, with its own connection pool. */
export type Upstream = {
  version: number;
  role: 'champion' | 'shadow';
  url: string;
  client: PipelinedClient;
  /** Requests sent and not yet answered: the gateway drains to zero before closing a champion. */
  inFlight: number;
};

/**
 * A few keep-alive connections, each carrying a few requests at once (pipelining): on a
 * workstation's cores every extra socket is another wake-up per request, and answers that
 * share a connection arrive together in one read.
 */
export function createUpstream(
  version: number,
  role: Upstream['role'],
  url: string,
  connections = 4,
  pipelining = 8,
): Upstream {
  return {
    version,
    role,
    url,
    client: new PipelinedClient(url, {
      connections,
      pipelining,
      responseTimeoutMs: 10_000,
      idleTimeoutMs: 4_000,
    }),
    inFlight: 0,
  };
}

/** What an upstream call ends with: an answer (status, body bytes, round trip) or the error. */
export type UpstreamCallback = ExchangeCallback;

/**
 * Sends one request to a service. `headers` is a flat [name, value, …] list; a body is sent as
 * JSON. The callback runs exactly once, with the answer or the error (refused, reset, timed out).
 */
export function sendUpstream(
  upstream: Upstream,
  method: 'GET' | 'POST',
  path: string,
  headers: string[],
  body: Buffer | string | undefined,
  callback: UpstreamCallback,
): void {
  upstream.inFlight++;
  upstream.client.request(
    method,
    path,
    body === undefined ? headers : ['content-type', 'application/json', ...headers],
    body,
    (error, status, answer, latencyMs) => {
      upstream.inFlight--;
      callback(error, status, answer, latencyMs);
    },
  );
}

export type UpstreamAnswer = { status: number; body: string; latencyMs: number };

/** sendUpstream as a promise, for the routes off the hot path. */
export function callUpstream(
  upstream: Upstream,
  path: string,
  body: Buffer | string | undefined,
  headers: string[],
  method: 'GET' | 'POST' = 'POST',
): Promise<UpstreamAnswer> {
  return new Promise((resolve, reject) => {
    sendUpstream(upstream, method, path, headers, body, (error, status, answer, latencyMs) => {
      if (error) reject(error);
      else resolve({ status, body: answer.toString('utf8'), latencyMs });
    });
  });
}
