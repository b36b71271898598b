import { LOOPBACK_HOSTS } from '../common/loopback.js';
import { PodiumError } from '../contract/errors.js';

/**
 * The one check before the gateway or a model service listens: loopback is always allowed, any
 * other address (the network can reach it) only with a token. The gateway, the service process
 * and the Docker runtime all call it, so no path starts an open server on the network.
 */
export function assertBindAllowed(host: string, tokenConfigured: boolean): void {
  if (tokenConfigured || LOOPBACK_HOSTS.has(host)) return;
  throw new PodiumError(
    'CONFIG_INVALID',
    `serving.host is ${host}, which other machines can reach, and serving.auth_token is not set: set serving.auth_token (in config.local.yaml or PODIUM_SERVING_AUTH_TOKEN) or set serving.host to 127.0.0.1`,
    { fields: ['serving.host', 'serving.auth_token'], host },
  );
}
