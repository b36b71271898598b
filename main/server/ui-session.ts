import { type Api, createApi } from '../api/index.js';
import { createLifecycleScheduler, type LifecycleScheduler } from '../scheduler/index.js';
import { openWorkspace, type Workspace } from '../workspace/index.js';
import { type ApiBridge, bridgeForApi } from './api-bridge.js';

export type UiSession = {
  workspace: Workspace;
  api: Api;
  bridge: ApiBridge;
  scheduler: LifecycleScheduler | null;
  /** Stops the scheduler, the API's jobs and services, then closes the database. Safe to call twice. */
  close(): Promise<void>;
};

export type UiSessionOptions = {
  workspaceDir: string;
  /** The desktop app runs the configured schedule (cycle, clean-up) while it is open. */
  withScheduler?: boolean;
  actor?: string;
};

/** What both UIs (desktop and browser mode) run on: an open workspace, its API and its bridge. */
export async function openUiSession(options: UiSessionOptions): Promise<UiSession> {
  const workspace = openWorkspace(options.workspaceDir);
  let api: Api | null = null;
  let scheduler: LifecycleScheduler | null = null;
  try {
    api = createApi({ workspace, actor: options.actor ?? 'ui' });
    const opened = api;
    const bridge = bridgeForApi(opened, (error, operation) =>
      workspace.logger.error({ err: error, operation }, 'UI operation failed'),
    );
    if (options.withScheduler) {
      scheduler = createLifecycleScheduler(workspace, {
        manager: opened.context.manager,
        alerts: opened.context.alerts,
      });
      await scheduler.start();
    }
    let closing: Promise<void> | null = null;
    const running = scheduler;
    return {
      workspace,
      api: opened,
      bridge,
      scheduler,
      close: () => {
        closing ??= (async () => {
          try {
            await running?.stop();
            await opened.close();
          } finally {
            workspace.close();
          }
        })();
        return closing;
      },
    };
  } catch (error) {
    await scheduler?.stop();
    await api?.close();
    workspace.close();
    throw error;
  }
}
