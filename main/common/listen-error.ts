import { PodiumError } from '../contract/errors.js';

/** Why a server could not listen, in words a user can act on, by the error's code. */
const REASONS: Record<string, string> = {
  EADDRINUSE: 'another program holds it',
  EACCES: 'ports below 1024 need privileges this user lacks',
  EADDRNOTAVAIL: 'that address is not one of this machine',
  ERR_SOCKET_BAD_PORT: 'not a port number',
};

/**
 * A server that could not listen (a port in use, privileged or invalid): one sentence naming the
 * address and how to choose another (`change`, e.g. "`podium ui --port N`"). Null for any other error.
 */
export function listenFailure(
  what: string,
  address: { host: string; port: number },
  error: unknown,
  change: string,
): PodiumError | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !(code in REASONS)) return null;
  const { host, port } = address;
  return new PodiumError(
    'CONFLICT',
    `${what} cannot listen on ${host}:${port} (${REASONS[code]}): choose another port with ${change}.`,
    { field: 'port', host, port, code },
  );
}
