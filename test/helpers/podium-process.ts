import { spawn } from 'node:child_process';
import { PODIUM_BIN } from './cli.js';

/** How a `podium` process ended: its exit status, or the signal that killed it. */
export type PodiumOutcome = {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
};

/** The caller's environment without the developer's own PODIUM_* settings, plus the given ones. */
export function podiumEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PODIUM_'))),
    ...settings,
  };
}

/**
 * Runs the real `podium` executable in its own process; with `killAfterMs`, SIGKILLs it from
 * outside after that long (if it is still running). A run past a minute counts as hung and is
 * killed too.
 */
export function runPodium(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; killAfterMs?: number },
): Promise<PodiumOutcome> {
  return new Promise((done, fail) => {
    const begin = performance.now();
    const child = spawn(process.execPath, [PODIUM_BIN, ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const kill =
      options.killAfterMs === undefined
        ? undefined
        : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    const hung = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', fail);
    child.on('exit', () => clearTimeout(kill));
    child.on('close', (status, signal) => {
      clearTimeout(hung);
      done({ status, signal, stdout, stderr, ms: performance.now() - begin });
    });
  });
}

/** The error code of a failed `--json` run, if it printed one. */
export function errorCode(outcome: PodiumOutcome): string | undefined {
  try {
    return (JSON.parse(outcome.stdout) as { error?: { code: string } }).error?.code;
  } catch {
    return undefined;
  }
}
