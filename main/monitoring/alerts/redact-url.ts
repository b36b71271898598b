import { PodiumError } from '../../contract/errors.js';

/**
 * Webhook URLs often carry their token in the path or query (Slack, Teams, ntfy): only the host
 * is ever shown or logged.
 */
export function webhookHost(url: string): string {
  return parseWebhookUrl(url).host;
}

export function parseWebhookUrl(url: string, key = 'alerts.webhook_url'): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The value itself may be a secret, so the error does not repeat it.
    throw new PodiumError('CONFIG_INVALID', `${key} is not a valid URL`, { key });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new PodiumError('CONFIG_INVALID', `${key} must be an http:// or https:// URL`, { key });
  }
  return parsed;
}

/** Removes every secret-bearing part of the URL from a message (an error text may quote it). */
export function scrubUrl(text: string, url: string): string {
  const parsed = parseWebhookUrl(url);
  const secrets = [url, parsed.href, `${parsed.pathname}${parsed.search}`, parsed.search, parsed.username]
    .concat(parsed.password ? [parsed.password] : [])
    .filter((part) => part.length > 1)
    .sort((a, b) => b.length - a.length);
  let scrubbed = text;
  for (const secret of secrets) scrubbed = scrubbed.split(secret).join('***');
  return scrubbed;
}
