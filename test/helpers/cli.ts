import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The `podium` executable a user runs (bin/podium.js of this checkout). */
export const PODIUM_BIN = fileURLToPath(new URL('../../../bin/podium.js', import.meta.url));

export type CliResult = { status: number; stdout: string; stderr: string };

/** Runs the real `podium` executable, as a user would, in its own process. */
export function podium(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): CliResult {
  const result = spawnSync(process.execPath, [PODIUM_BIN, ...args], {
    cwd: options.cwd,
    env: { ...cleanEnv(), ...options.env },
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function podiumJson<T>(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): T {
  const result = podium([...args, '--json'], options);
  if (result.status !== 0)
    throw new Error(`podium ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** The developer's own PODIUM_* settings must not leak into tests. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PODIUM_')));
}

/** Whether a process (a service or gateway a test started) still runs. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
