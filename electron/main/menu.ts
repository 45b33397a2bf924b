import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu: the standard Edit roles (copy and paste in fields need them on macOS),
 * View without developer tools in release builds, and Help > Export diagnostics.
 */
export function menuTemplate(options: {
  platform: NodeJS.Platform;
  appName: string;
  devTools: boolean;
  onExportDiagnostics: () => void;
}): MenuItemConstructorOptions[] {
  const template: MenuItemConstructorOptions[] = [];
  if (options.platform === 'darwin') {
    template.push({
      label: options.appName,
      submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  } else {
    template.push({ label: 'File', submenu: [{ role: 'quit' }] });
  }
  template.push({
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  });
  const view: MenuItemConstructorOptions[] = [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }];
  if (options.devTools) view.push({ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' });
  template.push({ label: 'View', submenu: view });
  template.push({ label: 'Help', submenu: [{ label: 'Export diagnostics…', click: () => options.onExportDiagnostics() }] });
  return template;
}
