import { type ChildProcess, spawn } from 'node:child_process';
import { PODIUM_BIN } from './cli.js';

/** A `podium` command that runs until stopped (serve, scheduler), with what it printed so far. */
export type RunningPodium = {
  child: ChildProcess;
  /** Resolves when the process has exited, with its code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  /** Waits until the output matches; throws with the output if it does not in time or the process exits. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** SIGINT (a user's Ctrl-C), SIGKILL if it has not exited after `graceMs`; resolves to the exit code. */
  stop(graceMs?: number): Promise<number | null>;
};

/** Starts the real `podium` executable in its own process; `env` is used as given. */
export function startPodium(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): RunningPodium {
  const child = spawn(process.execPath, [PODIUM_BIN, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    exited,
    output: () => output,
    waitFor: async (pattern, ms = 60_000) => {
      const deadline = Date.now() + ms;
      for (;;) {
        const match = output.match(pattern);
        if (match) return match;
        if (!running() || Date.now() > deadline)
          throw new Error(
            `podium ${args.join(' ')} ${running() ? `printed no ${pattern} in ${ms} ms` : `exited (${child.exitCode ?? child.signalCode})`}:\n${output}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop: async (graceMs = 30_000) => {
      if (!running()) return child.exitCode;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const { code } = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
