import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { Counter, Registry } from 'prom-client';
import { clientErrorHandler, errorJson, sendError } from '../common/http-errors.js';
import { type AuthCheck, type AuthGuardOptions, installAuthGuard } from './auth-guard.js';
import { DynamicBatcher } from './dynamic-batcher.js';
import { type FeedbackTarget, registerFeedbackRoute } from './gateway-feedback.js';
import { createHotPath, type ServedPrediction } from './gateway-hot-path.js';
import { type ChampionSignature, gatewayInferenceTarget } from './gateway-inference.js';
import type { GatewayRouting } from './gateway-routing.js';
import { type HotHandler, hotPathServerFactory } from './hot-path-server.js';
import { registerOpenInferenceRoutes } from './open-inference-routes.js';
import type { PredictionLog } from './prediction-log.js';
import { newRequestId } from './request-id.js';
import { recordRequestMetrics } from './request-metrics.js';
import { type MirrorOutcomes, ShadowMirror } from './shadow-mirror.js';
import { callUpstream, createUpstream, type Upstream } from './upstream.js';

export type GatewayOptions = {
  modelName: string;
  log: PredictionLog;
  /** Mirrors waiting per shadow before new ones are dropped. */
  mirrorQueueLimit?: number;
  /** Round trips in flight to each shadow; a backlog beyond them goes in batches. */
  mirrorConcurrency?: number;
  /** Most mirrors sent to a shadow in one /batch_predict (1: never batch). */
  mirrorBatch?: number;
  /** How long a mirror may wait for others to go with it (default 5 ms; 0: never wait). */
  mirrorLingerMs?: number;
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

/**
 * One stable address per model. Forwards each request to the champion and mirrors it to every
 * active shadow without waiting for them; logs features, predictions and latencies for the
 * shadow test; accepts ground truth as feedback; switches champions without dropping requests.
 */
export class Gateway {
  readonly app: FastifyInstance;
  readonly registry = new Registry();
  private champion: Upstream | null = null;
  /** Batches the champion's single predictions (see dynamic-batcher.ts); set with the champion. */
  private championBatcher: DynamicBatcher | null = null;
  private readonly shadows = new Map<number, ShadowMirror>();
  private readonly mirrors: Counter<'version' | 'outcome'>;
  private closing = false;
  /** Answers served since the last turn of the event loop, logged and mirrored together. */
  private served: ServedPrediction[] = [];
  /**
   * Each champion version's inputs and target, asked of its /model/info once: for checking
   * feedback and for decoding Open Inference Protocol tensors.
   */
  private readonly signatures = new Map<number, Promise<ChampionSignature | null>>();

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

  get modelName(): string {
    return this.options.modelName;
  }

  get championVersion(): number | null {
    return this.champion?.version ?? null;
  }

  get shadowVersions(): number[] {
    return [...this.shadows.keys()];
  }

  /** Where requests go now: the champion and the mirrored shadows, with their services' addresses. */
  routing(): GatewayRouting {
    return {
      champion: this.champion ? { version: this.champion.version, url: this.champion.url } : null,
      shadows: [...this.shadows].map(([version, shadow]) => ({ version, url: shadow.upstream.url })),
    };
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
    this.championBatcher = new DynamicBatcher(this.champion);
    if (previous) await drainAndClose(previous);
  }

  addShadow(version: number, url: string): void {
    if (this.shadows.has(version)) return;
    const concurrency = this.options.mirrorConcurrency ?? 2;
    const upstream = createUpstream(version, 'shadow', url, concurrency, 1);
    const label = String(version);
    const outcomes: MirrorOutcomes = {
      sent: this.mirrors.labels({ version: label, outcome: 'sent' }),
      failed: this.mirrors.labels({ version: label, outcome: 'failed' }),
      dropped: this.mirrors.labels({ version: label, outcome: 'dropped' }),
    };
    const mirror = new ShadowMirror(upstream, outcomes, {
      modelName: this.options.modelName,
      log: this.options.log,
      queueLimit: this.options.mirrorQueueLimit ?? 1_000,
      concurrency,
      maxBatch: this.options.mirrorBatch ?? 64,
      lingerMs: this.options.mirrorLingerMs ?? 5,
    });
    this.shadows.set(version, mirror);
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
    this.handOnServed();
    await Promise.all([...this.shadows.values()].map((s) => s.queue.idle()));
    this.options.log.flush();
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.app.close();
    await this.mirrorsIdle();
    for (const version of [...this.shadows.keys()]) await this.removeShadow(version);
    if (this.champion) await drainAndClose(this.champion);
    this.champion = null;
    this.championBatcher = null;
    this.options.log.flush();
  }

  /** Queues a served answer for logging and mirroring once the current turn of the event loop is done. */
  private handOn(prediction: ServedPrediction): void {
    if (this.served.length === 0) setImmediate(() => this.handOnServed());
    this.served.push(prediction);
  }

  private handOnServed(): void {
    const served = this.served;
    if (served.length === 0) return;
    this.served = [];
    for (const prediction of served) this.logAndMirror(prediction);
  }

  private logAndMirror(served: ServedPrediction): void {
    // The shadow test pairs single predictions: /batch_predict answers go to the caller only.
    if (served.route !== '/predict') return;
    const ok = served.status === 200;
    this.options.log.add({
      requestId: served.requestId,
      modelName: this.options.modelName,
      version: served.championVersion,
      role: 'champion',
      features: ok ? served.body.toString('utf8') : null,
      prediction: ok ? String(served.answer) : null,
      status: served.status,
      latencyMs: served.latencyMs,
    });
    // Only requests the champion accepted are worth comparing on.
    if (!ok) return;
    for (const shadow of this.shadows.values()) {
      shadow.offer({ requestId: served.requestId, body: served.body, authorization: served.authorization });
    }
  }

  /** The caller's Authorization header, passed on to the services when the gateway checks it itself. */
  private forwardedAuthorization(request: FastifyRequest): string | undefined {
    return this.options.auth ? request.headers.authorization : undefined;
  }

  /**
   * The champion's inputs and target (its type and classes); null when there is no champion or
   * it does not answer (asked again next time).
   */
  private async championSignature(request: FastifyRequest): Promise<ChampionSignature | null> {
    const champion = this.champion;
    if (!champion) return null;
    let signature = this.signatures.get(champion.version);
    if (!signature) {
      const authorization = this.forwardedAuthorization(request);
      signature = callUpstream(
        champion,
        '/model/info',
        undefined,
        authorization ? ['authorization', authorization] : [],
        'GET',
      )
        .then((answer) => {
          if (answer.status !== 200) return null;
          const info = JSON.parse(answer.body) as Partial<ChampionSignature>;
          return info.output && info.input_signature
            ? { input_signature: info.input_signature, output: info.output }
            : null;
        })
        .catch(() => null);
      this.signatures.set(champion.version, signature);
    }
    const known = await signature;
    if (known === null) this.signatures.delete(champion.version);
    return known;
  }

  /** The champion's target, for checking feedback. */
  private async feedbackTarget(request: FastifyRequest): Promise<FeedbackTarget | null> {
    return (await this.championSignature(request))?.output ?? null;
  }

  private noChampionMessage(): string {
    return `No champion service is running for ${this.options.modelName}`;
  }

  private noChampion(reply: Parameters<typeof sendError>[0]) {
    return sendError(reply, 503, 'NO_CHAMPION', this.noChampionMessage());
  }

  private buildApp(): FastifyInstance {
    const bodyLimit = this.options.bodyLimitBytes ?? 10 * 1024 * 1024;
    // Set once the guard is installed; the hot path only runs after listen, long after.
    let authCheck: AuthCheck | null = null;
    let handleHot: HotHandler = () => false;
    const app = Fastify({
      logger: false,
      bodyLimit,
      clientErrorHandler,
      // The hot routes are answered before Fastify sees them; everything else is Fastify's.
      serverFactory: hotPathServerFactory(() => handleHot),
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
    const record = recordRequestMetrics(
      app,
      this.registry,
      {
        requests: 'podium_gateway_requests_total',
        duration: 'podium_gateway_request_duration_seconds',
        errors: 'podium_gateway_errors_total',
      },
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    );
    if (this.options.auth) authCheck = installAuthGuard(app, this.options.auth);
    handleHot = createHotPath({
      champion: () => this.championBatcher,
      closing: () => this.closing,
      bodyLimitBytes: bodyLimit,
      auth: authCheck,
      record,
      served: (prediction) => this.handOn(prediction),
      noChampion: () => errorJson('NO_CHAMPION', this.noChampionMessage()),
      championDown: (champion, error) => errorJson(...championDownError(champion, error)),
    });

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
        const headers = authorization ? ['authorization', authorization] : [];
        const answer = await callUpstream(champion, '/model/info', undefined, headers, 'GET');
        return reply.code(answer.status).header('content-type', 'application/json').send(answer.body);
      } catch (error) {
        return championDown(reply, champion, error);
      }
    });

    // What the hot path hands over: chunked bodies, JSON types with other parameters, query
    // strings. Answered the same way, only through Fastify.
    for (const route of ['/predict', '/batch_predict'] as const) {
      app.post(route, async (request, reply) => {
        const body = request.body as string | undefined;
        if (typeof body !== 'string' || body === '') {
          return sendError(reply, 400, 'BAD_REQUEST', 'Send a JSON body with content-type application/json');
        }
        const champion = this.champion;
        if (!champion) return this.noChampion(reply);
        const requestId = newRequestId();
        const authorization = this.forwardedAuthorization(request);
        const headers = ['x-request-id', requestId];
        if (authorization !== undefined) headers.push('authorization', authorization);
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
        this.handOn({
          requestId,
          route,
          championVersion: champion.version,
          body: Buffer.from(body, 'utf8'),
          status: answer.status,
          answer: answer.body,
          latencyMs: answer.latencyMs,
          authorization,
        });
        return reply;
      });
    }

    registerOpenInferenceRoutes(
      app,
      gatewayInferenceTarget({
        modelName: this.options.modelName,
        champion: () => this.champion,
        signature: (request) => this.championSignature(request),
        authorization: (request) => this.forwardedAuthorization(request),
        served: (prediction) => this.handOn(prediction),
        noChampion: () => this.noChampionMessage(),
        championDown: (champion, error) => championDownError(champion, error)[1],
      }),
      bodyLimit,
    );

    registerFeedbackRoute(app, this.options.log, this.options.feedbackLimit ?? 10_000, (request) =>
      this.feedbackTarget(request),
    );

    return app;
  }
}

function championDownError(
  champion: Upstream,
  error: unknown,
): [code: string, message: string, details: Record<string, unknown>] {
  const reason = (error as { code?: string }).code ?? (error as Error).message;
  return [
    'CHAMPION_UNAVAILABLE',
    `The champion service (v${champion.version}) is not answering (${reason}); try again shortly`,
    { version: champion.version },
  ];
}

function championDown(reply: Parameters<typeof sendError>[0], champion: Upstream, error: unknown) {
  return sendError(reply, 503, ...championDownError(champion, error));
}

async function drainAndClose(upstream: Upstream, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (upstream.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  await upstream.client.close().catch(() => {});
}
