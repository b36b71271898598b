import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../common/http-errors.js';
import { PodiumError } from '../contract/errors.js';

/**
 * How a model service learns the token's SHA-256 (hex). An environment variable rather than a
 * flag: the command line of a process is readable by every local user (`ps`), its environment
 * only by its owner. The plain token never leaves the process that read the config.
 */
export const TOKEN_SHA256_ENV = 'PODIUM_SERVICE_TOKEN_SHA256';

export type AuthGuardOptions = {
  /** SHA-256 of the bearer token, in hex: the only form of the token a server keeps. */
  tokenSha256: string;
  /** Failed attempts per client address within the window before it is locked out (default 10). */
  maxFailures?: number;
  /** The window, in ms, counted from the first failure (default 60 s). */
  windowMs?: number;
  /** Client addresses remembered at once; the oldest are forgotten first (default 10,000). */
  maxClients?: number;
  /** Monotonic milliseconds (tests move it on). */
  now?: () => number;
};

/** The SHA-256 of a token, in hex: what the gateway and the services are given instead of it. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The 32 bytes of a hex SHA-256, or a PodiumError naming where the bad value came from. */
export function parseTokenSha256(hex: string, source: string): Buffer {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new PodiumError('CONFIG_INVALID', `${source} must be a SHA-256 in hex (64 characters)`, {
      field: source,
    });
  }
  return Buffer.from(hex, 'hex');
}

/**
 * Requires `Authorization: Bearer <token>` on every route but `GET /health` and `/v2/health/*` (supervisors and
 * health checks carry no token), and locks out an address after repeated wrong tokens.
 * The presented token is hashed and compared with the stored hash in constant time; both are 32
 * bytes whatever was sent, so neither the comparison nor its length says anything about the token.
 */
export function installAuthGuard(app: FastifyInstance, options: AuthGuardOptions): AuthCheck {
  const expected = parseTokenSha256(options.tokenSha256, 'tokenSha256');
  const failures = new FailedAttempts(
    options.maxFailures ?? 10,
    options.windowMs ?? 60_000,
    options.maxClients ?? 10_000,
    options.now ?? (() => performance.now()),
  );
  app.addHook('onRequest', async (request, reply) => {
    if (isOpen(request)) return;
    // request.ip is the socket's peer (trustProxy is off), so a client cannot pick its own key.
    const client = request.ip;
    // A locked-out address is answered before its token is looked at, a good one included:
    // otherwise a 200 among the 429s would still tell a guesser it had found the token.
    const lockedMs = failures.lockedForMs(client);
    if (lockedMs > 0) {
      const seconds = Math.max(1, Math.ceil(lockedMs / 1000));
      reply.header('retry-after', String(seconds));
      return sendError(
        reply,
        429,
        'TOO_MANY_FAILED_ATTEMPTS',
        `Too many requests with a wrong token from this address; retry in ${seconds} s`,
        { retry_after_seconds: seconds },
      );
    }
    const header = request.headers.authorization;
    if (header === undefined) return unauthorized(reply, 'Send the header Authorization: Bearer <token>');
    if (!matches(header, expected)) {
      // Only wrong credentials count: a scraper or probe that sends none is not guessing, and
      // counting it could lock out the gateway's own address on a model service.
      failures.record(client);
      return unauthorized(reply, 'The bearer token is wrong');
    }
  });
  // For a fast path outside Fastify: it serves only what this hook would let through and
  // hands everything else to Fastify, so refusals and lock-outs are answered and counted here.
  return (client, header) =>
    client !== undefined &&
    header !== undefined &&
    failures.lockedForMs(client) <= 0 &&
    matches(header, expected);
}

/** True when a request from `client` with this Authorization header would pass the guard. */
export type AuthCheck = (client: string | undefined, authorization: string | undefined) => boolean;

function isOpen(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  return (
    (request.method === 'GET' || request.method === 'HEAD') &&
    (route === '/health' || route === '/v2/health/live' || route === '/v2/health/ready')
  );
}

function matches(header: string, expected: Buffer): boolean {
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (!match) return false;
  const presented = createHash('sha256').update(match[1], 'utf8').digest();
  return timingSafeEqual(presented, expected);
}

function unauthorized(reply: FastifyReply, message: string): FastifyReply {
  reply.header('www-authenticate', 'Bearer');
  return sendError(reply, 401, 'UNAUTHORIZED', message);
}

type Failures = { count: number; startedAt: number };

/**
 * Failed attempts per client address, in memory. @fastify/rate-limit counts every request (a
 * busy, honest client would be limited too) and has no mode that counts failures only, so this
 * small counter does that one job. It is bounded: entries expire with their window, and when
 * the map is full the oldest is forgotten. Entries are created in time order and a Map keeps
 * insertion order, so expired entries are always at the front and eviction costs O(1).
 * A success neither counts nor clears the count, so a client that shares an address with a
 * guesser cannot reset the guesser's budget.
 */
class FailedAttempts {
  private readonly entries = new Map<string, Failures>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly maxClients: number,
    private readonly now: () => number,
  ) {}

  /** Milliseconds until the address may try again; 0 when it is not locked out. */
  lockedForMs(client: string): number {
    const entry = this.current(client);
    if (!entry || entry.count < this.maxFailures) return 0;
    return entry.startedAt + this.windowMs - this.now();
  }

  record(client: string): void {
    let entry = this.current(client);
    if (!entry) {
      this.makeRoom();
      entry = { count: 0, startedAt: this.now() };
      this.entries.set(client, entry);
    }
    entry.count++;
  }

  private current(client: string): Failures | undefined {
    const entry = this.entries.get(client);
    if (entry && this.now() - entry.startedAt >= this.windowMs) {
      this.entries.delete(client);
      return undefined;
    }
    return entry;
  }

  private makeRoom(): void {
    const now = this.now();
    for (const [client, entry] of this.entries) {
      if (now - entry.startedAt < this.windowMs) break;
      this.entries.delete(client);
    }
    while (this.entries.size >= this.maxClients) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
