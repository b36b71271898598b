/**
 * The desktop app's main process: windows, tray, menus, notifications and the IPC relay, and
 * nothing else. The core (workspace, API, jobs, scheduler) runs in an Electron utility process,
 * the same core host `podium ui` forks; this process reaches it only through a CoreHostClient.
 * Imports name files, not index modules, so none of the core's code loads in this process.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, type BrowserWindow, ipcMain, protocol, session } from 'electron';
import { CoreHostClient, type CoreHostStatus } from '../app/core-host-client.js';
import { CORE_HOST_ENTRY } from '../app/host-process.js';
import { forwardEvents, registerFileIngestIpc, registerPodiumIpc } from '../server/ipc-bridge.js';
import { parseEnvironment } from '../workspace/environment.js';
import { notifyAlert } from './alert-notifications.js';
import { installAppMenu } from './app-menu.js';
import { RENDERER_PAGE_URL, registerRendererScheme, serveRenderer } from './renderer-protocol.js';
import { createTray, trayToolTip } from './tray.js';
import { forkUtilityHost } from './utility-host.js';
import { createMainWindow, lockDownContents } from './window.js';

const paths = {
  preload: fileURLToPath(new URL('../../preload/index.cjs', import.meta.url)),
  renderer: fileURLToPath(new URL('../../renderer-app/', import.meta.url)),
  icon: fileURLToPath(new URL('../../../assets/icon.png', import.meta.url)),
  trayIcon: fileURLToPath(new URL('../../../assets/tray.png', import.meta.url)),
};

let core: CoreHostClient | null = null;
let window: BrowserWindow | null = null;
let tray: ReturnType<typeof createTray> | null = null;
let coreStatus: CoreHostStatus = 'starting';
let quitting = false;

registerRendererScheme();

// A second launch focuses the running app: two processes would run the schedule twice.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', showWindow);
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
  // Closing the window leaves the app in the tray; only Quit ends it.
  app.on('window-all-closed', () => {});
  app.on('activate', showWindow);
  app.on('before-quit', (event) => {
    if (quitting || core === null) return;
    event.preventDefault();
    quitting = true;
    void shutDown();
  });
  app.whenReady().then(start, (error: unknown) => fail(error));
}

async function start(): Promise<void> {
  try {
    // The page asks for nothing (camera, notifications, geolocation…): every request is refused.
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    serveRenderer(protocol, paths.renderer);
    core = await CoreHostClient.start({
      launch: forkUtilityHost(CORE_HOST_ENTRY),
      host: {
        // The desktop app keeps its workspaces in the OS app-data folder unless told otherwise.
        devDir: process.env.PODIUM_WORKSPACE || join(app.getPath('userData'), 'workspace'),
        environment: parseEnvironment(process.env.PODIUM_ENV ?? 'dev', 'PODIUM_ENV'),
        withScheduler: true,
      },
      onStatus: (status, error) => {
        coreStatus = status;
        tray?.setToolTip(trayToolTip(status, error?.message));
      },
    });
    const client = core;
    const trusted = {
      webContentsId: () => (window && !window.isDestroyed() ? window.webContents.id : null),
      pageUrl: RENDERER_PAGE_URL,
    };
    registerPodiumIpc(ipcMain, client, trusted);
    registerFileIngestIpc(ipcMain, client, trusted);
    forwardEvents(client, (channel, message) => {
      if (window && !window.isDestroyed()) window.webContents.send(channel, message);
      notifyAlert(message, showWindow);
    });
    installAppMenu({ quit: () => app.quit(), showWindow }, process.platform === 'darwin');
    tray = createTray(paths.trayIcon, {
      showWindow,
      runCycleNow: () => void client.call('scheduler.runNow', { job: 'cycle' }),
      quit: () => app.quit(),
    });
    tray.setToolTip(trayToolTip(coreStatus));
    showWindow();
  } catch (error) {
    fail(error);
  }
}

function showWindow(): void {
  if (quitting) return;
  if (window === null || window.isDestroyed()) {
    window = createMainWindow(paths.preload, paths.icon);
    window.on('closed', () => {
      window = null;
    });
  }
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

async function shutDown(): Promise<void> {
  try {
    await core?.close();
  } catch (error) {
    process.stderr.write(`podium: could not stop cleanly: ${String(error)}\n`);
  } finally {
    core = null;
    app.quit();
  }
}

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`podium: the desktop app could not start: ${message}\n`);
  app.exit(1);
}
