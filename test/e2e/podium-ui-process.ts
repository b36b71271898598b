import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PODIUM_BIN } from '../helpers/cli.js';
import { freeLoopbackPort } from '../helpers/docker.js';
import { tempDir } from '../helpers/workspace.js';

export type PodiumUiProcess = {
  launchUrl: string;
  baseUrl: string;
  dir: string;
  output(): string;
  /** SIGTERM, then waits for the exit; resolves with the exit code and everything printed. */
  stop(): Promise<{ code: number | null; output: string }>;
};

/**
 * `podium ui` as a user runs it: the real executable in its own process, on a free loopback
 * port, with its own temporary workspace and ports, so suites can run side by side. Given a
 * `workspace`, it serves that one instead (left in place on stop), for tests that share it.
 */
export async function startPodiumUi(options: { workspace?: string } = {}): Promise<PodiumUiProcess> {
  const dir = tempDir('podium-e2e-');
  const port = await freeLoopbackPort();
  const gatewayPort = await freeLoopbackPort();
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PODIUM_'))),
    PODIUM_SERVING_PORT: String(gatewayPort),
    PODIUM_SERVING_SERVICE_PORT_START: String(20_000 + Math.floor(Math.random() * 30_000)),
    PODIUM_MONITORING_METRICS_PORT: '0',
  };
  const child: ChildProcess = spawn(
    process.execPath,
    [
      PODIUM_BIN,
      '--workspace',
      options.workspace ?? join(dir, 'workspace'),
      'ui',
      '--port',
      String(port),
      '--no-open',
    ],
    { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const launchUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`podium ui printed no URL in 30 s:\n${output}`)), 30_000);
    const look = () => {
      const match = /Podium UI: (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', look);
    void exited.then((code) => reject(new Error(`podium ui exited with ${code}:\n${output}`)));
  });
  return {
    launchUrl,
    baseUrl: launchUrl.split('/#')[0],
    dir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      return { code, output };
    },
  };
}
