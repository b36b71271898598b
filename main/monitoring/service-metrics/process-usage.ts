import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** Cumulative CPU time and current resident memory of one process. */
export type ProcessTimes = { cpuSeconds: number; rssBytes: number | null };

export type ProcessTimesReader = (pid: number) => Promise<ProcessTimes | null>;

/**
 * utime + stime (fields 14 and 15 of /proc/<pid>/stat) in seconds. The command name (field 2)
 * may itself hold spaces and parentheses, so fields are counted from the last ')'.
 */
export function parseProcStat(text: string, ticksPerSecond: number): number {
  const close = text.lastIndexOf(')');
  if (close === -1) throw new Error('no command name in /proc stat');
  // After ')' come fields 3 (state), 4 (ppid), …: utime is field 14, so index 11.
  const fields = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('no utime/stime in /proc stat');
  return (utime + stime) / ticksPerSecond;
}

/** VmRSS from /proc/<pid>/status, in bytes; null for kernel threads and zombies, which have none. */
export function parseProcStatusRss(text: string): number | null {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(text);
  return match ? Number(match[1]) * 1024 : null;
}

/** `ps -o time=` in any of its spellings: `[[DD-]HH:]MM:SS[.cc]` (procps and BSD differ). */
export function parsePsTime(text: string): number {
  const trimmed = text.trim();
  const dash = trimmed.indexOf('-');
  const days = dash === -1 ? 0 : Number(trimmed.slice(0, dash));
  const parts = trimmed
    .slice(dash + 1)
    .split(':')
    .map(Number);
  if (parts.length === 0 || parts.some((part) => Number.isNaN(part)) || Number.isNaN(days)) {
    throw new Error(`bad ps time ${text}`);
  }
  const seconds = parts.reduce((total, part) => total * 60 + part, 0);
  return days * 86_400 + seconds;
}

/** One line of `ps -o time=,rss= -p <pid>`: CPU time, then resident memory in KiB. */
export function parsePsOutput(text: string): ProcessTimes | null {
  const line = text.trim().split('\n')[0]?.trim();
  if (!line) return null;
  const [time, rss] = line.split(/\s+/);
  return { cpuSeconds: parsePsTime(time), rssBytes: rss === undefined ? null : Number(rss) * 1024 };
}

let ticks: number | null = null;

/** USER_HZ is 100 on every Linux we know, but asking costs one exec per process lifetime. */
function ticksPerSecond(): number {
  if (ticks === null) {
    try {
      ticks =
        Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 2_000 }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

async function readFromProc(pid: number): Promise<ProcessTimes | null> {
  try {
    const [stat, status] = await Promise.all([
      readFile(`/proc/${pid}/stat`, 'utf8'),
      readFile(`/proc/${pid}/status`, 'utf8'),
    ]);
    return { cpuSeconds: parseProcStat(stat, ticksPerSecond()), rssBytes: parseProcStatusRss(status) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function readFromPs(pid: number): Promise<ProcessTimes | null> {
  return new Promise((resolve, reject) => {
    execFile('ps', ['-o', 'time=,rss=', '-p', String(pid)], { timeout: 2_000 }, (error, stdout) => {
      // ps exits 1 with no output when the process is gone.
      if (error && stdout.trim() === '') {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') reject(error);
        else resolve(null);
        return;
      }
      try {
        resolve(parsePsOutput(stdout));
      } catch (parseError) {
        reject(parseError);
      }
    });
  });
}

/** /proc where the kernel has it (Linux), `ps` elsewhere (macOS, BSD); null when the process is gone. */
export const readProcessTimes: ProcessTimesReader = (pid) =>
  existsSync('/proc/self/stat') ? readFromProc(pid) : readFromPs(pid);

export type ProcessUsage = { cpuPercent: number | null; memoryBytes: number | null };

/**
 * CPU% of a child process between two readings, as percent of one core (as `ps` and
 * `docker stats` report it, so process and Docker services compare). The first reading of a
 * pid only sets the baseline; a new pid (restarted service) starts a new one.
 */
export class ProcessCpuMeter {
  private readonly last = new Map<number, { cpuSeconds: number; atMs: number }>();

  constructor(private readonly read: ProcessTimesReader = readProcessTimes) {}

  async sample(pid: number, atMs: number): Promise<ProcessUsage> {
    const times = await this.read(pid);
    if (!times) {
      this.last.delete(pid);
      return { cpuPercent: null, memoryBytes: null };
    }
    const before = this.last.get(pid);
    this.last.set(pid, { cpuSeconds: times.cpuSeconds, atMs });
    let cpuPercent: number | null = null;
    if (before && atMs > before.atMs && times.cpuSeconds >= before.cpuSeconds) {
      cpuPercent = ((times.cpuSeconds - before.cpuSeconds) / ((atMs - before.atMs) / 1000)) * 100;
    }
    return { cpuPercent, memoryBytes: times.rssBytes };
  }

  /** Drops baselines of pids no longer watched, so a reused pid does not inherit one. */
  retain(pids: ReadonlySet<number>): void {
    for (const pid of this.last.keys()) if (!pids.has(pid)) this.last.delete(pid);
  }
}
