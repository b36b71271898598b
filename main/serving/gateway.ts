import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { Counter, Registry } from 'prom-client';
import { type AuthGuardOptions, installAuthGuard } from './auth-guard.js';
import { clientErrorHandler, sendError } from './http-errors.js';
import { MirrorQueue } from './mirror-queue.js';
import type { PredictionLog } from './prediction-log.js';
import { recordRequestMetrics } from './request-metrics.js';
import { callUpstream, createUpstream, type Upstream } from './upstream.js';

export type GatewayOptions = {
  modelName: string;
  log: PredictionLog;
  /** Mirrors waiting per shadow before new ones are dropped. */
  mirrorQueueLimit?: number;
  mirrorConcurrency?: number;
  /** Largest feedback array accepted in one POST. */
  feedbackLimit?: number;
  bodyLimitBytes?: number;
  /**
   * Require a bearer token (all routes but GET /health). The caller's Authorization header is
   * forwarded to the champion and the shadows, which check the same token: the gateway keeps
   * only the token's hash, so it has no credential of its own to send.
   */
  auth?: AuthGuardOptions;
};

type MirrorJob = { requestId: string; body: string; authorization?: string };
type MirrorOutcomes = Record<'sent' | 'failed' | 'dropped', { inc(): void }>;
type Shadow = { upstream: Upstream; queue: MirrorQueue<MirrorJob>; outcomes: MirrorOutcomes };

/**
 * One stable address per model. Forwards each request to the champion and mirrors it to every
 * active shadow without waiting for them; logs features, predictions and latencies for the
 * shadow test; accepts ground truth as feedback; switches champions without dropping requests.
 */
export class Gateway {
  readonly app: FastifyInstance;
  readonly registry = new Registry();
  private champion: Upstream | null = null;
  private readonly shadows = new Map<number, Shadow>();
  private readonly mirrors: Counter<'version' | 'outcome'>;

  constructor(private readonly options: GatewayOptions) {
    this.registry.setDefaultLabels({ model: options.modelName });
    this.mirrors = new Counter({
      name: 'podium_gateway_mirrors_total',
      help: 'Requests mirrored to shadows, by outcome (sent, failed, dropped)',
      labelNames: ['version', 'outcome'],
      registers: [this.registry],
    });
    this.app = this.buildApp();
  }

  get championVersion(): number | null {
    return this.champion?.version ?? null;
  }

  get shadowVersions(): number[] {
    return [...this.shadows.keys()];
  }

  droppedMirrors(version: number): number {
    return this.shadows.get(version)?.queue.dropped ?? 0;
  }

  /**
   * Points new requests at another champion service (already started and healthy), then waits
   * for the old one's requests in flight to finish before closing its connections.
   */
  async setChampion(version: number, url: string): Promise<void> {
    const previous = this.champion;
    this.champion = createUpstream(version, 'champion', url);
    if (previous) await drainAndClose(previous);
  }

  addShadow(version: number, url: string): void {
    if (this.shadows.has(version)) return;
    const upstream = createUpstream(version, 'shadow', url, 16);
    const label = String(version);
    const outcomes: MirrorOutcomes = {
      sent: this.mirrors.labels({ version: label, outcome: 'sent' }),
      failed: this.mirrors.labels({ version: label, outcome: 'failed' }),
      dropped: this.mirrors.labels({ version: label, outcome: 'dropped' }),
    };
    const queue = new MirrorQueue<MirrorJob>(
      this.options.mirrorQueueLimit ?? 1_000,
      this.options.mirrorConcurrency ?? 16,
      async (job) => this.mirror(upstream, outcomes, job),
    );
    this.shadows.set(version, { upstream, queue, outcomes });
  }

  async removeShadow(version: number): Promise<void> {
    const shadow = this.shadows.get(version);
    if (!shadow) return;
    this.shadows.delete(version);
    await shadow.queue.idle(2_000);
    await drainAndClose(shadow.upstream);
  }

  /** Waits until every queued mirror has been sent and logged (tests, shutdown). */
  async mirrorsIdle(): Promise<void> {
    await Promise.all([...this.shadows.values()].map((s) => s.queue.idle()));
    this.options.log.flush();
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.mirrorsIdle();
    for (const version of [...this.shadows.keys()]) await this.removeShadow(version);
    if (this.champion) await drainAndClose(this.champion);
    this.champion = null;
    this.options.log.flush();
  }

  private afterPredict(
    requestId: string,
    championVersion: number,
    body: string,
    answer: { status: number; body: string; latencyMs: number },
    authorization: string | undefined,
  ): void {
    const ok = answer.status === 200;
    this.options.log.add({
      requestId,
      modelName: this.options.modelName,
      version: championVersion,
      role: 'champion',
      features: ok ? body : null,
      prediction: ok ? answer.body : null,
      status: answer.status,
      latencyMs: answer.latencyMs,
    });
    // Only requests the champion accepted are worth comparing on.
    if (!ok) return;
    for (const shadow of this.shadows.values()) {
      if (!shadow.queue.offer({ requestId, body, authorization })) shadow.outcomes.dropped.inc();
    }
  }

  /** The caller's Authorization header, passed on to the services when the gateway checks it itself. */
  private forwardedAuthorization(request: FastifyRequest): string | undefined {
    return this.options.auth ? request.headers.authorization : undefined;
  }

  private noChampion(reply: Parameters<typeof sendError>[0]) {
    return sendError(
      reply,
      503,
      'NO_CHAMPION',
      `No champion service is running for ${this.options.modelName}`,
    );
  }

  private async mirror(upstream: Upstream, outcomes: MirrorOutcomes, job: MirrorJob): Promise<void> {
    try {
      const headers: Record<string, string> = { 'x-request-id': job.requestId };
      if (job.authorization !== undefined) headers.authorization = job.authorization;
      const answer = await callUpstream(upstream, '/predict', job.body, headers);
      outcomes[answer.status < 500 ? 'sent' : 'failed'].inc();
      this.options.log.add({
        requestId: job.requestId,
        modelName: this.options.modelName,
        version: upstream.version,
        role: 'shadow',
        prediction: answer.status === 200 ? answer.body : null,
        status: answer.status,
        latencyMs: answer.latencyMs,
      });
    } catch {
      outcomes.failed.inc();
    }
  }

  private buildApp(): FastifyInstance {
    const app = Fastify({
      logger: false,
      bodyLimit: this.options.bodyLimitBytes ?? 10 * 1024 * 1024,
      clientErrorHandler,
      // As in the model service: no empty 400 from Node for a request without Host.
      http: { requireHostHeader: false },
    });
    // Keep the raw body: the gateway forwards bytes as they came and logs them as they came.
    // Parsing happens once, in the model service that validates them; the gateway stays a
    // thin, fast proxy (the JSON of a 200 answer is valid by construction).
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      done(null, body);
    });
    app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
      if (status >= 500) return sendError(reply, 500, 'INTERNAL', 'Internal error in the gateway');
      return sendError(reply, status, status === 413 ? 'BODY_TOO_LARGE' : 'BAD_REQUEST', error.message);
    });
    recordRequestMetrics(
      app,
      this.registry,
      { requests: 'podium_gateway_requests_total', duration: 'podium_gateway_request_duration_seconds' },
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    );
    if (this.options.auth) installAuthGuard(app, this.options.auth);

    app.get('/health', async () => ({
      status: this.champion ? 'ok' : 'no_champion',
      model: this.options.modelName,
      champion: this.champion?.version ?? null,
      shadows: this.shadowVersions,
    }));

    app.get('/metrics', async (_request, reply) => {
      reply.header('content-type', this.registry.contentType);
      return this.registry.metrics();
    });

    app.get('/model/info', async (request, reply) => {
      const champion = this.champion;
      if (!champion) return this.noChampion(reply);
      try {
        const authorization = this.forwardedAuthorization(request);
        const headers: Record<string, string> = authorization ? { authorization } : {};
        const answer = await callUpstream(champion, '/model/info', undefined, headers, 'GET');
        return reply.code(answer.status).header('content-type', 'application/json').send(answer.body);
      } catch (error) {
        return championDown(reply, champion, error);
      }
    });

    for (const route of ['/predict', '/batch_predict'] as const) {
      app.post(route, async (request, reply) => {
        const body = request.body as string | undefined;
        if (typeof body !== 'string' || body === '') {
          return sendError(reply, 400, 'BAD_REQUEST', 'Send a JSON body with content-type application/json');
        }
        const champion = this.champion;
        if (!champion) return this.noChampion(reply);
        const requestId = randomUUID();
        const authorization = this.forwardedAuthorization(request);
        const headers: Record<string, string> = { 'x-request-id': requestId };
        if (authorization !== undefined) headers.authorization = authorization;
        let answer: Awaited<ReturnType<typeof callUpstream>>;
        try {
          answer = await callUpstream(champion, route, body, headers);
        } catch (error) {
          return championDown(reply, champion, error);
        }
        reply
          .code(answer.status)
          .header('content-type', 'application/json')
          .header('x-request-id', requestId)
          .send(answer.body);
        // Logging and mirroring happen after the champion's answer is on its way, so they
        // never sit between a caller and its prediction.
        if (route === '/predict')
          setImmediate(() => this.afterPredict(requestId, champion.version, body, answer, authorization));
        return reply;
      });
    }

    app.post('/feedback', async (request, reply) => {
      let body: unknown;
      try {
        body = JSON.parse(String(request.body ?? ''));
      } catch (error) {
        return sendError(
          reply,
          400,
          'BAD_REQUEST',
          `The request body is not valid JSON: ${(error as Error).message}`,
        );
      }
      const items = Array.isArray(body) ? body : [body];
      const limit = this.options.feedbackLimit ?? 10_000;
      if (items.length === 0) return sendError(reply, 400, 'BAD_REQUEST', 'The feedback array is empty');
      if (items.length > limit) {
        return sendError(
          reply,
          413,
          'BATCH_TOO_LARGE',
          `At most ${limit} feedback items per request; got ${items.length}`,
        );
      }
      const parsed: { requestId: string; actual: unknown }[] = [];
      for (const [index, item] of items.entries()) {
        const where = Array.isArray(body) ? `item ${index}: ` : '';
        if (typeof item !== 'object' || item === null || Array.isArray(item)) {
          return sendError(reply, 400, 'BAD_REQUEST', `${where}expected an object {request_id, actual}`, {
            index,
          });
        }
        const record = item as Record<string, unknown>;
        if (typeof record.request_id !== 'string' || record.request_id === '') {
          return sendError(
            reply,
            400,
            'BAD_REQUEST',
            `${where}field 'request_id' must be a non-empty string`,
            {
              index,
              field: 'request_id',
            },
          );
        }
        if (
          !('actual' in record) ||
          record.actual === null ||
          typeof record.actual === 'object' ||
          // JSON.parse reads 1e400 as Infinity, which would be stored as null.
          (typeof record.actual === 'number' && !Number.isFinite(record.actual))
        ) {
          return sendError(
            reply,
            400,
            'BAD_REQUEST',
            `${where}field 'actual' must be a finite number, a string or a boolean`,
            {
              index,
              field: 'actual',
            },
          );
        }
        parsed.push({ requestId: record.request_id, actual: record.actual });
      }
      const unknown = this.options.log.unknownRequests(parsed.map((p) => p.requestId));
      if (unknown.length > 0) {
        return sendError(
          reply,
          404,
          'UNKNOWN_REQUEST',
          `No prediction was served with request_id ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}; nothing was stored`,
          { unknown: unknown.slice(0, 100) },
        );
      }
      this.options.log.attachFeedback(parsed);
      return { stored: parsed.length };
    });

    return app;
  }
}

function championDown(reply: Parameters<typeof sendError>[0], champion: Upstream, error: unknown) {
  const reason = (error as { code?: string }).code ?? (error as Error).message;
  return sendError(
    reply,
    503,
    'CHAMPION_UNAVAILABLE',
    `The champion service (v${champion.version}) is not answering (${reason}); try again shortly`,
    { version: champion.version },
  );
}

async function drainAndClose(upstream: Upstream, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (upstream.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  await upstream.pool.close().catch(() => {});
}
