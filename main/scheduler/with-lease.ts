import { PodiumError } from '../contract/errors.js';
import type { Workspace } from '../workspace/index.js';
import type { LeaseLock } from './lease-lock.js';

/**
 * Runs `work` holding the named lock, renewing the lease while it runs, so a cycle started by
 * hand never overlaps a scheduled one (and a crash frees the lock when the lease runs out).
 */
export async function withLease<T>(
  workspace: Workspace,
  lock: LeaseLock,
  name: string,
  owner: string,
  work: () => Promise<T>,
): Promise<T> {
  const leaseMs = workspace.config.scheduler.lock_lease_seconds * 1000;
  const got = lock.acquire(name, owner, leaseMs);
  if (!got.acquired) {
    throw new PodiumError(
      'CONFLICT',
      `A ${name} run is already in progress (${got.holder.owner}, lease until ${got.holder.expiresAt}); try again when it ends`,
      { holder: got.holder },
    );
  }
  const renew = setInterval(() => lock.renew(name, owner, leaseMs), Math.max(1_000, leaseMs / 3));
  renew.unref();
  try {
    return await work();
  } finally {
    clearInterval(renew);
    lock.release(name, owner);
  }
}
