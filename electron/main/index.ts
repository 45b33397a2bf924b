import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';

// The shell is deliberately thin: the hardened window, app:// protocol, validated IPC and
// keychain-backed secrets arrive with the shell issue. Everything with logic lives in electron/core.
function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadFile(join(import.meta.dirname, '../renderer/index.html'));
  return window;
}

void app.whenReady().then(() => {
  createWindow();
});

app.on('window-all-closed', () => app.quit());
