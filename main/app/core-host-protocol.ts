/**
 * The messages between a shell (Electron main, `podium ui`) and the core host process. The
 * same plain objects travel over Electron's parentPort and over Node's fork IPC channel, so
 * they hold only JSON data; errors are `{code, message, details}`, never stacks.
 */

import type { PodiumErrorData } from '../contract/errors.js';
import type { EnvironmentName } from '../environments/index.js';
import type { EventMessage } from './api-bridge.js';

/** How the shell asks the host to open its workspace; passed as the host's one argument. */
export type CoreHostOptions = {
  /** The dev workspace folder; prod's is found from it as the CLI finds it. */
  devDir: string;
  environment: EnvironmentName;
  /** The desktop app runs the configured schedule while it is open; browser mode does not. */
  withScheduler?: boolean;
  /** Who acts in decisions and approvals; default: the OS user. */
  actor?: string;
};

/** One operation to run: answered by a `HostAnswer` with the same id. */
export type HostRequest = {
  id: number;
  name: string;
  args: unknown;
  /** The shell vouches for this call (see ApiBridge.call): local-only operations may run. */
  local?: true;
};
/** Close the session (jobs, services, scheduler, database) and exit. */
export type HostStop = { stop: true };
export type ToHost = HostRequest | HostStop;

export type HostAnswer = { id: number; data: unknown } | { id: number; error: PodiumErrorData };
/** The workspace is open and requests are answered from now on. */
export type HostReady = { ready: { environment: EnvironmentName } };
/** The workspace could not be opened; the host exits after sending this. */
export type HostFailed = { failed: PodiumErrorData };
export type FromHost = HostAnswer | EventMessage | HostReady | HostFailed;

export function isHostRequest(message: unknown): message is HostRequest {
  const m = message as Partial<HostRequest> | null;
  return typeof m === 'object' && m !== null && typeof m.id === 'number' && typeof m.name === 'string';
}

export function isHostStop(message: unknown): message is HostStop {
  return typeof message === 'object' && message !== null && (message as Partial<HostStop>).stop === true;
}

/** Reads what the host sent; anything else (a stray message) is undefined and ignored. */
export function readFromHost(
  message: unknown,
):
  | { kind: 'answer'; answer: HostAnswer }
  | { kind: 'event'; event: EventMessage }
  | { kind: 'ready'; ready: HostReady['ready'] }
  | { kind: 'failed'; error: PodiumErrorData }
  | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const m = message as Record<string, unknown>;
  if (typeof m.id === 'number' && ('data' in m || 'error' in m)) {
    return { kind: 'answer', answer: m as HostAnswer };
  }
  if (typeof m.event === 'string') return { kind: 'event', event: m as EventMessage };
  if (typeof m.ready === 'object' && m.ready !== null)
    return { kind: 'ready', ready: m.ready as HostReady['ready'] };
  if (typeof m.failed === 'object' && m.failed !== null)
    return { kind: 'failed', error: m.failed as PodiumErrorData };
  return undefined;
}
