import { Menu, type MenuItemConstructorOptions } from 'electron';

/** The application menu: standard editing and view roles, plus quit (the window close only hides). */
export function installAppMenu(actions: { quit(): void; showWindow(): void }, isMac: boolean): void {
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Show Podium', accelerator: 'CmdOrCtrl+1', click: actions.showWindow },
        { type: 'separator' },
        { label: 'Quit Podium', accelerator: 'CmdOrCtrl+Q', click: actions.quit },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
