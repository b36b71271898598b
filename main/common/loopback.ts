/** Addresses only this machine can reach: what every Podium server binds unless told otherwise. */
export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '::1', 'localhost']);
