import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findFreePort } from '../../main/serving/free-port.js';
import { type RestartPolicy, SupervisedService } from '../../main/serving/process-runtime.js';
import type { LoadOutcome } from './gateway-load.js';
import type { TrainedWorkspace } from './trained-workspace.js';

/** Restarts within a second even after repeated crashes: for tests that kill more than once. */
export const QUICK_RESTART: RestartPolicy = { initialDelayMs: 100, maxDelayMs: 1_000, stableAfterMs: 60_000 };

/**
 * A real model service in a supervised child process; `policy` undefined is the product's own
 * restart policy (what a benchmark measures).
 */
export async function startSupervisedService(
  trained: TrainedWorkspace,
  version: number,
  role: 'champion' | 'shadow',
  packageDir: string,
  policy: RestartPolicy | undefined,
): Promise<SupervisedService> {
  const port = await findFreePort('127.0.0.1', 22000 + Math.floor(Math.random() * 8000));
  const service = new SupervisedService(
    {
      modelName: 'credit-risk',
      version,
      role,
      packageDir,
      host: '127.0.0.1',
      port,
      environment: 'dev',
      batchLimit: 10,
      logFile: join(trained.workspace.paths.logs, 'services', `${role}.log`),
    },
    policy,
  );
  await service.start();
  return service;
}

/**
 * SIGKILLs the service's process and waits (at most `timeoutMs`) until its supervisor has a new
 * one running. Returns when the kill happened (epoch ms) and the killed process id.
 */
export async function killAndAwaitRestart(
  service: SupervisedService,
  timeoutMs = 20_000,
): Promise<{ killedAt: number; killedPid: number | undefined }> {
  const killedAt = Date.now();
  const killedPid = service.pid;
  process.kill(killedPid ?? 0, 'SIGKILL');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && (service.pid === killedPid || service.state() !== 'running'))
    await sleep(50);
  return { killedAt, killedPid };
}

/**
 * The load's requests from the kill on, the 503s among them, and the first 200 after a 503:
 * how long after the kill callers were answered again.
 */
export function recoveryAfter(outcomes: LoadOutcome[], killedAt: number) {
  const afterKill = outcomes.filter((o) => o.at >= killedAt);
  const unavailable = afterKill.filter((o) => o.status === 503);
  const recovered = afterKill.find(
    (o) => o.status === 200 && o.at > killedAt + 50 && afterKill.some((p) => p.status === 503 && p.at < o.at),
  );
  return {
    afterKill,
    unavailable,
    recovered,
    seconds: recovered === undefined ? undefined : (recovered.at - killedAt) / 1000,
  };
}
