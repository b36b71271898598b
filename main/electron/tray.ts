import { Menu, nativeImage, Tray } from 'electron';

export type TrayActions = { showWindow(): void; runCycleNow(): void; quit(): void };

/**
 * The tray icon keeps Podium running with its window closed, so scheduled cycles go on;
 * quitting is done here (or from the app menu), not by closing the window.
 */
export function createTray(iconPath: string, actions: TrayActions): Tray {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  tray.setToolTip('Podium: scheduled cycles keep running while the window is closed');
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
