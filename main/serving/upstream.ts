import { Pool } from 'undici';

/** One model service behind the gateway, with its own connection pool. */
export type Upstream = {
  version: number;
  role: 'champion' | 'shadow';
  url: string;
  pool: Pool;
  /** Requests sent and not yet answered: the gateway drains to zero before closing a champion. */
  inFlight: number;
};

export function createUpstream(
  version: number,
  role: Upstream['role'],
  url: string,
  connections = 64,
): Upstream {
  return {
    version,
    role,
    url,
    pool: new Pool(url, {
      connections,
      pipelining: 1,
      connectTimeout: 2_000,
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
      keepAliveTimeout: 30_000,
    }),
    inFlight: 0,
  };
}

export type UpstreamAnswer = { status: number; body: string; latencyMs: number };

export async function callUpstream(
  upstream: Upstream,
  path: string,
  body: string | undefined,
  headers: Record<string, string>,
  method: 'GET' | 'POST' = 'POST',
): Promise<UpstreamAnswer> {
  const started = performance.now();
  upstream.inFlight++;
  try {
    const response = await upstream.pool.request({
      path,
      method,
      body,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    });
    const text = await response.body.text();
    return { status: response.statusCode, body: text, latencyMs: performance.now() - started };
  } finally {
    upstream.inFlight--;
  }
}
