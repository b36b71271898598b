import { Menu, nativeImage, Tray } from 'electron';
import type { CoreHostStatus } from '../app/core-host-client.js';

export type TrayActions = { showWindow(): void; runCycleNow(): void; quit(): void };

/**
 * The tray icon keeps Podium running with its window closed, so scheduled cycles go on;
 * quitting is done here (or from the app menu), not by closing the window.
 */
export function createTray(iconPath: string, actions: TrayActions): Tray {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  tray.setToolTip(trayToolTip('ready'));
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Show Podium', click: actions.showWindow },
      { label: 'Run the cycle now', click: actions.runCycleNow },
      { type: 'separator' },
      { label: 'Quit Podium', click: actions.quit },
    ]),
  );
  tray.on('click', actions.showWindow);
  return tray;
}

/** What the tray says about the core: scheduled cycles run only while it is up. */
export function trayToolTip(status: CoreHostStatus, problem?: string): string {
  switch (status) {
    case 'restarting':
      return 'Podium: the core stopped and is restarting; scheduled cycles resume when it is back';
    case 'failed':
      return `Podium: the core could not restart${problem ? ` (${problem})` : ''}; quit and start Podium again`;
    case 'starting':
      return 'Podium: starting';
    default:
      return 'Podium: scheduled cycles keep running while the window is closed';
  }
}
