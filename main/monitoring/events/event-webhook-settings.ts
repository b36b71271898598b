import { createHash } from 'node:crypto';
import { z } from 'zod';
import { PodiumError } from '../../contract/errors.js';
import type { LifecycleEventType } from '../../contract/index.js';
import { LifecycleEventTypeSchema } from '../../contract/schemas/lifecycle-events.js';
import { parseWebhookUrl } from '../alerts/redact-url.js';

export type EventWebhookOptions = {
  url: string;
  /** Names the endpoint in the delivery log: a hash of the URL, which itself is never stored. */
  endpoint: string;
  host: string;
  secret: string;
  types: readonly LifecycleEventType[];
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
};

/** The `events` section, read defensively: older configs lack it, and every key has a default. */
const eventsSection = z.object({
  webhook_url: z.string().optional(),
  webhook_secret: z.string().optional(),
  webhook_types: z.array(LifecycleEventTypeSchema).default([]),
  webhook_attempts: z.number().int().min(1).max(30).default(8),
  webhook_base_delay_ms: z.number().int().min(0).default(2000),
  webhook_max_delay_ms: z.number().int().min(0).default(600_000),
  webhook_timeout_ms: z.number().int().positive().default(5000),
});

/** The event webhook a workspace's config asks for, or null when none is configured. */
export function readEventWebhook(config: object): EventWebhookOptions | null {
  const parsed = eventsSection.safeParse((config as Record<string, unknown>).events ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = `events.${issue.path.join('.')}`;
    throw new PodiumError('CONFIG_INVALID', `${key}: ${issue.message}`, { key });
  }
  const section = parsed.data;
  const url = section.webhook_url?.trim() ?? '';
  if (url === '') return null;
  const secret = section.webhook_secret ?? '';
  if (secret.length < 16) {
    // An unsigned event could be forged by anyone who can reach the receiver: refuse to send one.
    throw new PodiumError(
      'CONFIG_INVALID',
      'events.webhook_secret: a secret of at least 16 characters is needed to sign events (set it in config.local.yaml or PODIUM_EVENTS_WEBHOOK_SECRET)',
      { key: 'events.webhook_secret' },
    );
  }
  return {
    url,
    endpoint: createHash('sha256').update(url).digest('hex').slice(0, 16),
    host: parseWebhookUrl(url, 'events.webhook_url').host,
    secret,
    types: section.webhook_types,
    attempts: section.webhook_attempts,
    baseDelayMs: section.webhook_base_delay_ms,
    maxDelayMs: section.webhook_max_delay_ms,
    timeoutMs: section.webhook_timeout_ms,
  };
}
