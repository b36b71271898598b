import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ServiceState } from './service-spec.js';

export type RestartPolicy = { initialDelayMs: number; maxDelayMs: number; stableAfterMs: number };

export const DEFAULT_RESTART: RestartPolicy = {
  initialDelayMs: 250,
  maxDelayMs: 30_000,
  stableAfterMs: 60_000,
};

/** How often a process another Podium started (and this one adopted) is checked for life. */
const ADOPTED_POLL_MS = 250;

export type SupervisedProcessOptions = {
  /** The Node script to run and its arguments, asked again at every (re)start so they can follow state. */
  command: () => { script: string; args: string[]; env: NodeJS.ProcessEnv; banner: string };
  /** stdout and stderr of every run are appended here, with a line per start and exit. */
  logFile: string;
  /** Resolves once a freshly started process serves; `isAlive` turns false when it should give up. */
  ready: (timeoutMs: number, isAlive: () => boolean) => Promise<void>;
  /** After a restarted process is ready: hand it the state it must not lose. */
  onRestarted?: () => Promise<void>;
  policy?: RestartPolicy;
  /**
   * In its own process group: a Ctrl-C in the terminal reaches only the owner, which stops it
   * in order, and it outlives an owner that crashes so the next Podium can adopt it.
   */
  detached?: boolean;
};

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A child process kept running: restarted with exponential backoff when it dies, its output
 * appended to a log file in the workspace, stopped with SIGTERM (graceful drain) and SIGKILL
 * only if it does not exit in time. A process left by an earlier Podium can be adopted: it is
 * not our child, so its death is noticed by polling its pid, and the restart is our own child.
 */
export class SupervisedProcess {
  private child: ChildProcess | null = null;
  private adoptedPid: number | null = null;
  private adoptedWatch: NodeJS.Timeout | null = null;
  private current: ServiceState = 'starting';
  private restartCount = 0;
  private consecutiveFailures = 0;
  private startedAt = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private starting = false;
  private exitCode: number | null = null;
  private readonly policy: RestartPolicy;

  constructor(private readonly options: SupervisedProcessOptions) {
    this.policy = options.policy ?? DEFAULT_RESTART;
    mkdirSync(dirname(options.logFile), { recursive: true });
  }

  get pid(): number | undefined {
    return this.child?.pid ?? this.adoptedPid ?? undefined;
  }

  state(): ServiceState {
    return this.current;
  }

  /** Running a process that another Podium started (until that one dies and is replaced). */
  get adopted(): boolean {
    return this.adoptedPid !== null;
  }

  restarts(): number {
    return this.restartCount;
  }

  /** Starts the process and resolves once `ready` says it serves. */
  async start(timeoutMs = 30_000): Promise<void> {
    this.starting = true;
    try {
      this.spawnChild();
      await this.options.ready(timeoutMs, () => this.current !== 'failed' && this.current !== 'stopped');
    } finally {
      this.starting = false;
    }
    this.current = 'running';
  }

  /** The exit code of the last child that exited (null: none has, or it was killed by a signal). */
  lastExitCode(): number | null {
    return this.exitCode;
  }

  /** Supervises a process that an earlier Podium started and that already serves. */
  adopt(pid: number): void {
    this.adoptedPid = pid;
    this.startedAt = Date.now();
    this.current = 'running';
    this.note(`adopted pid ${pid}`);
    this.adoptedWatch = setInterval(() => {
      if (this.adoptedPid !== pid || isProcessAlive(pid)) return;
      this.stopWatchingAdopted();
      this.note(`adopted pid ${pid} is gone`);
      this.onDeath();
    }, ADOPTED_POLL_MS);
    this.adoptedWatch.unref();
  }

  private stopWatchingAdopted(): void {
    if (this.adoptedWatch) clearInterval(this.adoptedWatch);
    this.adoptedWatch = null;
    this.adoptedPid = null;
  }

  private note(text: string): void {
    try {
      appendFileSync(this.options.logFile, `--- ${new Date().toISOString()} ${text}\n`);
    } catch {
      // The workspace (and its logs) may be gone already when a last exit is noted.
    }
  }

  private spawnChild(): void {
    const { script, args, env, banner } = this.options.command();
    this.startedAt = Date.now();
    // The log file itself is the child's stdout and stderr: no pipe through this process, so
    // nothing is lost (and nothing breaks) when this process goes away first.
    const log = openSync(this.options.logFile, 'a');
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, [script, ...args], {
        stdio: ['ignore', log, log],
        env,
        detached: this.options.detached ?? false,
      });
    } finally {
      closeSync(log);
    }
    this.child = child;
    this.note(`start pid ${child.pid} (${banner})`);
    child.on('exit', (code, signal) => {
      if (child !== this.child) return;
      this.note(`exit code ${code} signal ${signal}`);
      this.exitCode = code;
      if (this.current === 'stopped') return;
      // Dying before it ever served (a port in use, a package that will not load) is a failed
      // start for the caller to report, not a crash to retry with backoff.
      if (this.starting) {
        this.current = 'failed';
        return;
      }
      this.onDeath();
    });
  }

  private onDeath(): void {
    // A process that ran a while before dying gets a fresh backoff; one that dies at once backs off.
    if (Date.now() - this.startedAt > this.policy.stableAfterMs) this.consecutiveFailures = 0;
    const delay = Math.min(
      this.policy.maxDelayMs,
      this.policy.initialDelayMs * 2 ** this.consecutiveFailures,
    );
    this.consecutiveFailures++;
    this.restartCount++;
    this.current = 'restarting';
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.current !== 'restarting') return;
      this.spawnChild();
      void this.awaitRestarted();
    }, delay);
  }

  private async awaitRestarted(): Promise<void> {
    try {
      await this.options.ready(30_000, () => this.current === 'restarting');
    } catch {
      // Not ready in time: it stays 'restarting' until it dies and is tried again, or is stopped.
      return;
    }
    if (this.current !== 'restarting') return;
    this.current = 'running';
    try {
      await this.options.onRestarted?.();
    } catch (error) {
      this.note(`could not restore its state after the restart: ${(error as Error).message}`);
    }
  }

  async stop(timeoutMs = 10_000): Promise<void> {
    this.current = 'stopped';
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const adopted = this.adoptedPid;
    this.stopWatchingAdopted();
    if (adopted !== null) {
      await stopAdopted(adopted, timeoutMs);
      this.note(`stopped adopted pid ${adopted}`);
    }
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    }
  }

  async logs(lines = 100): Promise<string> {
    try {
      const text = await readFile(this.options.logFile, 'utf8');
      return text
        .split('\n')
        .slice(-lines - 1)
        .join('\n');
    } catch {
      return '';
    }
  }
}

/** Not our child, so no exit event: SIGTERM, then watch the pid; SIGKILL if it lingers. */
export async function stopAdopted(pid: number, timeoutMs: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        return;
      }
    }
    await sleep(25);
  }
}
