import { z } from 'zod';
import { PodiumError } from '../../contract/errors.js';
import type { WebhookOptions } from './webhook-notifier.js';

/**
 * The `alerts` config section, read defensively: the section may be missing (older configs, or a
 * schema that does not declare it yet), and every key has a safe default. The webhook URL is a
 * secret (it often carries a token), so it belongs in config.local.yaml or the environment.
 */
const alertsSection = z.object({
  webhook_url: z.string().optional(),
  webhook_attempts: z.number().int().min(1).max(20).default(5),
  webhook_base_delay_ms: z.number().int().min(0).default(1000),
  webhook_max_delay_ms: z.number().int().min(0).default(60_000),
  webhook_timeout_ms: z.number().int().positive().default(5000),
  webhook_queue_limit: z.number().int().positive().default(1000),
});

export type AlertSettings = { webhook: WebhookOptions | null };

export function readAlertSettings(config: object): AlertSettings {
  const raw = (config as Record<string, unknown>).alerts ?? {};
  const parsed = alertsSection.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = `alerts.${issue.path.join('.')}`;
    throw new PodiumError('CONFIG_INVALID', `${key}: ${issue.message}`, { key });
  }
  const section = parsed.data;
  const url = section.webhook_url?.trim();
  return {
    webhook:
      url && url !== ''
        ? {
            url,
            attempts: section.webhook_attempts,
            baseDelayMs: section.webhook_base_delay_ms,
            maxDelayMs: section.webhook_max_delay_ms,
            timeoutMs: section.webhook_timeout_ms,
            queueLimit: section.webhook_queue_limit,
          }
        : null,
  };
}
