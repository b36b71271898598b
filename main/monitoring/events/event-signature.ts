import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers a signed event carries; a receiver reads these three to verify it. */
export const EVENT_HEADERS = {
  event: 'x-podium-event',
  deliveryId: 'x-podium-delivery-id',
  timestamp: 'x-podium-timestamp',
  signature: 'x-podium-signature',
} as const;

/**
 * The signature of one delivery, as MLflow 3's webhooks and the Standard Webhooks scheme sign:
 * HMAC-SHA256 with the shared secret over `<delivery id>.<unix seconds>.<raw body>`, base64,
 * prefixed with the scheme version. Binding the id and time stops a captured body being replayed
 * later or under another id.
 */
export function signEvent(secret: string, deliveryId: string, timestamp: number, body: string): string {
  const digest = createHmac('sha256', secret).update(`${deliveryId}.${timestamp}.${body}`).digest('base64');
  return `v1,${digest}`;
}

/**
 * What a receiver does (the tests' receiver does exactly this): recompute the signature from the
 * raw body and the headers, compare in constant time, and refuse a timestamp further than
 * `toleranceSeconds` from now. Returns why it is refused, or null when it verifies.
 */
export function eventSignatureProblem(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  options: { nowSeconds?: number; toleranceSeconds?: number } = {},
): string | null {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const deliveryId = header(EVENT_HEADERS.deliveryId);
  const timestamp = Number(header(EVENT_HEADERS.timestamp));
  const signatures = header(EVENT_HEADERS.signature);
  if (!deliveryId || !Number.isInteger(timestamp) || !signatures) return 'missing signature headers';
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return 'timestamp outside tolerance';
  const expected = Buffer.from(signEvent(secret, deliveryId, timestamp, body));
  // Several signatures may be sent space-separated (while a secret is rotated): one must match.
  const matches = signatures.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? null : 'signature does not match';
}
