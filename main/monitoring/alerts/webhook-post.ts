import type { Agent } from 'undici';
import { scrubUrl } from './redact-url.js';

/** One try at a webhook: delivered, or why not and whether another try may succeed. */
export type WebhookAttempt =
  | { ok: true; status: number }
  | { ok: false; status: number | null; error: string; retry: boolean; retryAfterMs?: number };

/**
 * POSTs a JSON body once. Transient failures (network, timeout, 408, 429, 5xx) are marked for a
 * retry, with the receiver's Retry-After when it sent one; error texts never quote the URL.
 */
export async function postWebhook(
  url: string,
  body: string,
  options: { headers: Record<string, string>; timeoutMs: number; agent: Agent; stopping: AbortSignal },
): Promise<WebhookAttempt> {
  const signal = AbortSignal.any([AbortSignal.timeout(options.timeoutMs), options.stopping]);
  try {
    const { request } = await import('undici');
    const response = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body,
      signal,
      dispatcher: options.agent,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    await response.body.dump();
    const status = response.statusCode;
    if (status >= 200 && status < 300) return { ok: true, status };
    const retry = status === 408 || status === 429 || status >= 500;
    return { ok: false, status, error: `HTTP ${status}`, retry, retryAfterMs: retryAfter(response.headers) };
  } catch (error) {
    const timedOut = signal.aborted && !options.stopping.aborted;
    const text = timedOut ? `timed out after ${options.timeoutMs} ms` : scrubUrl(describeError(error), url);
    return { ok: false, status: null, error: text, retry: true };
  }
}

/**
 * The wait before try `attempt` (2 for the first retry): exponential backoff with jitter, so many
 * Podiums restarting together do not retry in step, and never sooner than the receiver asked.
 */
export function retryDelay(
  attempt: number,
  last: WebhookAttempt,
  options: { baseDelayMs: number; maxDelayMs: number },
): number {
  const exponential = options.baseDelayMs * 2 ** (attempt - 2);
  const jittered = exponential * (0.5 + Math.random() * 0.5);
  const asked = last.ok ? 0 : (last.retryAfterMs ?? 0);
  return Math.min(options.maxDelayMs, Math.max(jittered, asked));
}

function retryAfter(headers: Record<string, string | string[] | undefined>): number | undefined {
  const value = headers['retry-after'];
  const seconds = Number(Array.isArray(value) ? value[0] : value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as Error & { code?: unknown }).code;
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${typeof code === 'string' ? `${code} ` : ''}${error.message}${cause}`;
}
