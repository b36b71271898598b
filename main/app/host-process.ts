import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CoreHostOptions, ToHost } from './core-host-protocol.js';

/**
 * A started core host as its shell sees it. Electron's `utilityProcess` (main/electron) and
 * Node's `child_process.fork` (below) both fit, so the client and its restarts are one code path.
 */
export type HostProcess = {
  /** Undefined until the process has spawned (Electron) or once it has exited. */
  readonly pid: number | undefined;
  post(message: ToHost): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once, when the process has ended for whatever reason (a failed spawn included). */
  onExit(listener: (code: number | null) => void): void;
  /** Ends the process at once (the graceful way is a `stop` message). */
  kill(): void;
};

/** Starts one core host process with these options. */
export type LaunchHost = (options: CoreHostOptions) => HostProcess;

/** The compiled host entry; Electron's main process forks the same file. */
export const CORE_HOST_ENTRY = fileURLToPath(new URL('./core-host-main.js', import.meta.url));

export type NodeHostOptions = {
  /** The host's environment variables (config is read from PODIUM_*); default: this process's. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Node flags for the host; default none (a test runner's own flags must not leak in). */
  execArgv?: string[];
};

/** Browser mode and tests: the host as a plain Node child process talking over fork's IPC channel. */
export function forkNodeHost(nodeOptions: NodeHostOptions = {}): LaunchHost {
  return (options) => {
    const child = fork(CORE_HOST_ENTRY, [JSON.stringify(options)], {
      env: nodeOptions.env ?? process.env,
      cwd: nodeOptions.cwd ?? process.cwd(),
      execArgv: nodeOptions.execArgv ?? [],
      // JSON, as over HTTP: what the browser gets and what the desktop gets stay the same data.
      serialization: 'json',
      // Its output goes where this process's goes (the terminal of `podium ui`).
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let exited = false;
    const exitListeners: ((code: number | null) => void)[] = [];
    const exit = (code: number | null) => {
      if (exited) return;
      exited = true;
      for (const listener of exitListeners) listener(code);
    };
    child.once('exit', (code) => exit(code));
    // A send to a host that just died fails here (the exit handler answers what was pending);
    // a process that never spawned emits only this, so it counts as its exit.
    child.on('error', () => {
      if (child.pid === undefined) exit(null);
    });
    return {
      get pid() {
        return child.exitCode === null && child.signalCode === null ? child.pid : undefined;
      },
      post: (message) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => {
        child.on('message', listener);
      },
      onExit: (listener) => {
        exitListeners.push(listener);
      },
      kill: () => {
        child.kill('SIGKILL');
      },
    };
  };
}
