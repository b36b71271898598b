import { hostname } from 'node:os';
import type { Clock } from '../common/clock.js';
import type { Db } from '../db/index.js';
import { prepared } from '../db/statements.js';

export type LockHolder = { name: string; owner: string; acquiredAt: string; expiresAt: string };

export type AcquireResult =
  | { acquired: true; tookOverFrom: string | null }
  | { acquired: false; holder: LockHolder };

type LockRow = { name: string; owner: string; acquired_at: string; expires_at: string };

/**
 * A single-flight lock kept as a row in SQLite, so it holds across processes (the desktop app and
 * a `podium scheduler` daemon on the same workspace). Holders hold a lease, not the lock for ever:
 * one that crashes stops renewing, and after expires_at anyone may take the lock over.
 * Times are ISO strings from the injected clock; they compare correctly as text.
 */
export class LeaseLock {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Takes the lock if it is free or its lease has run out; never waits. */
  acquire(name: string, owner: string, leaseMs: number): AcquireResult {
    const now = this.clock.now();
    const acquiredAt = now.toISOString();
    const expiresAt = new Date(now.getTime() + leaseMs).toISOString();
    // IMMEDIATE takes the write lock before reading, so two processes cannot both see "free".
    return this.db
      .transaction((): AcquireResult => {
        const current = this.row(name);
        if (current && current.expires_at > acquiredAt && !ownerIsDeadHere(current.owner))
          return { acquired: false, holder: toHolder(current) };
        prepared(
          this.db,
          `INSERT INTO scheduler_locks (name, owner, acquired_at, expires_at) VALUES (?, ?, ?, ?)
             ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, acquired_at = excluded.acquired_at,
               expires_at = excluded.expires_at`,
        ).run(name, owner, acquiredAt, expiresAt);
        return { acquired: true, tookOverFrom: current ? current.owner : null };
      })
      .immediate();
  }

  /** Extends the lease; false when the lock is no longer ours (it expired and was taken over). */
  renew(name: string, owner: string, leaseMs: number): boolean {
    const expiresAt = new Date(this.clock.now().getTime() + leaseMs).toISOString();
    return (
      prepared(this.db, 'UPDATE scheduler_locks SET expires_at = ? WHERE name = ? AND owner = ?').run(
        expiresAt,
        name,
        owner,
      ).changes === 1
    );
  }

  /** Frees the lock if we still hold it; releasing someone else's lock is a no-op. */
  release(name: string, owner: string): boolean {
    return (
      prepared(this.db, 'DELETE FROM scheduler_locks WHERE name = ? AND owner = ?').run(name, owner)
        .changes === 1
    );
  }

  holder(name: string): LockHolder | null {
    const row = this.row(name);
    return row ? toHolder(row) : null;
  }

  /** Owners whose lease is still live: their runs may really still be going. */
  liveOwners(): string[] {
    const now = this.clock.now().toISOString();
    return (
      prepared(this.db, 'SELECT DISTINCT owner FROM scheduler_locks WHERE expires_at > ?').all(now) as {
        owner: string;
      }[]
    ).map((row) => row.owner);
  }

  private row(name: string): LockRow | undefined {
    return prepared(this.db, 'SELECT * FROM scheduler_locks WHERE name = ?').get(name) as LockRow | undefined;
  }
}

function toHolder(row: LockRow): LockHolder {
  return { name: row.name, owner: row.owner, acquiredAt: row.acquired_at, expiresAt: row.expires_at };
}

/** The owner name a process on this machine holds locks under: `<hostname>:<pid>[:<suffix>]`. */
export function localOwner(suffix?: string): string {
  return `${hostname()}:${process.pid}${suffix ? `:${suffix}` : ''}`;
}

/**
 * True when `owner` names a process on this machine that no longer exists: a holder killed
 * mid-run (SIGKILL, power loss) cannot release its lock, and waiting out its lease would block
 * the next cycle for minutes. A reused pid only makes us wait for the lease, the safe side.
 */
function ownerIsDeadHere(owner: string): boolean {
  const match = /^(.+):(\d+)(?::|$)/.exec(owner);
  if (!match || match[1] !== hostname()) return false;
  try {
    process.kill(Number(match[2]), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
