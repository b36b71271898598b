import { type Api, createApi, type EnvironmentInfo } from '../app/index.js';
import { loadConfig } from '../config/index.js';
import { environmentInfo } from '../environments/handlers.js';
import { type EnvironmentName, openEnvironment, resolveActor } from '../environments/index.js';
import type { Workspace } from '../workspace/index.js';
import { type ApiBridge, bridgeForApi, type EventMessage } from './api-bridge.js';

export type UiSession = {
  /** The open environment's workspace and API; both change when the user switches environment. */
  readonly workspace: Workspace;
  readonly api: Api;
  /** Stable across switches: calls go to the open environment, listeners keep hearing events. */
  bridge: ApiBridge;
  /** Stops the scheduler, the API's jobs and services, then closes the database. Safe to call twice. */
  close(): Promise<void>;
};

export type UiSessionOptions = {
  /** The dev workspace folder (`--workspace`); prod's is found from it as the CLI finds it. */
  devDir: string;
  environment?: EnvironmentName;
  /** The desktop app runs the configured schedule (cycle, clean-up) while it is open. */
  withScheduler?: boolean;
  /** Who acts in decisions and approvals; default: the OS user. */
  actor?: string;
};

type OpenEnvironment = {
  workspace: Workspace;
  api: Api;
  bridge: ApiBridge;
};

/**
 * What both UIs (desktop and browser mode) run on: one environment's workspace and API at a
 * time, behind one bridge. Switching closes the open environment (jobs cancelled, services
 * started here stopped, database closed) before the other opens, so dev and prod never share a
 * process's state.
 */
export async function openUiSession(options: UiSessionOptions): Promise<UiSession> {
  const actor = options.actor ?? resolveActor();
  const listeners = new Set<(message: EventMessage) => void>();
  let current: OpenEnvironment;
  let unsubscribe: () => void = () => {};
  let switching: Promise<unknown> = Promise.resolve();
  let closing: Promise<void> | null = null;

  const attach = (opened: OpenEnvironment) => {
    current = opened;
    unsubscribe = opened.bridge.subscribe((message) => {
      for (const listener of listeners) listener(message);
    });
  };
  const detach = async () => {
    unsubscribe();
    await closeEnvironment(current);
  };
  const switchTo = (environment: EnvironmentName): Promise<EnvironmentInfo> => {
    const next = switching.then(async () => {
      const previous = current.api.context.environment as EnvironmentName;
      await detach();
      try {
        attach(await openOne({ ...options, environment, actor }, switchTo));
      } catch (error) {
        // The other environment would not open (refused, misconfigured): stay where the user
        // was, open again, rather than leave every later call on a closed database.
        attach(await openOne({ ...options, environment: previous, actor }, switchTo));
        throw error;
      }
      for (const listener of listeners) listener({ event: 'environment.changed', payload: { environment } });
      return environmentInfo(current.api.context);
    });
    switching = next.catch(() => undefined);
    return next;
  };

  attach(await openOne({ ...options, environment: options.environment ?? 'dev', actor }, switchTo));
  return {
    get workspace() {
      return current.workspace;
    },
    get api() {
      return current.api;
    },
    bridge: {
      call: async (name, input, caller) => {
        // The switch itself arrives as a call: it must not wait for itself.
        if (name !== 'environment.switch') await switching;
        return current.bridge.call(name, input, caller);
      },
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    close: () => {
      closing ??= switching.then(detach);
      return closing;
    },
  };
}

async function openOne(
  options: UiSessionOptions & { environment: EnvironmentName; actor: string },
  switchEnvironment: (environment: EnvironmentName) => Promise<EnvironmentInfo>,
): Promise<OpenEnvironment> {
  const config = loadConfig();
  const workspace = openEnvironment(options.devDir, options.environment, { config });
  let api: Api | null = null;
  try {
    api = createApi({ workspace, actor: options.actor, switchEnvironment, configFiles: config.files });
    const opened = api;
    const bridge = bridgeForApi(opened, (error, operation) =>
      workspace.logger.error({ err: error, operation }, 'UI operation failed'),
    );
    // The API's own scheduler, so its runs reach the views as `scheduler.ran` and the
    // scheduler's operations steer the one that runs; the API stops it on close.
    if (options.withScheduler) await opened.startScheduler();
    return { workspace, api: opened, bridge };
  } catch (error) {
    await api?.close();
    workspace.close();
    throw error;
  }
}

async function closeEnvironment(opened: OpenEnvironment): Promise<void> {
  try {
    await opened.api.close();
  } finally {
    opened.workspace.close();
  }
}
