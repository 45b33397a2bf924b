import { hostname, release } from 'node:os';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell } from 'electron';
import log from 'electron-log/main';
import { createSecretValues } from '../core/secret-values.ts';
import { SettingsStore } from '../core/settings/index.ts';
import { createCoreHost } from './core-host.ts';
import { createDiagnosticsCollector } from './diagnostics.ts';
import { forwardEvents } from './events.ts';
import { createHandlers, type Dialogs } from './handlers.ts';
import { printHtmlToPdf } from './pdf.ts';
import { registerChannels } from './ipc.ts';
import { createQuitGuard, focusWindow } from './lifecycle.ts';
import { configureLogging, loggerFrom } from './logging.ts';
import { menuTemplate } from './menu.ts';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol.ts';
import { keytarSecretStore } from './secret-store.ts';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, hardenSession, hardenWebContents, isOurPage, mainWindowOptions } from './security.ts';
import { startAutoUpdate, updateFeedUrl } from './updates.ts';
import { loadWindowState, restoreWindowState, saveWindowState } from './window-state.ts';

// Wiring only: every decision lives in a tested module next to this one.

// ECR_DATA_DIR moves everything (journal, settings, Chromium's profile, logs): the smoke tests
// and a second training till on one machine use it. Set before the single-instance lock, which is per profile.
const dataDir = process.env.ECR_DATA_DIR || app.getPath('userData');
if (process.env.ECR_DATA_DIR) app.setPath('userData', dataDir);
const logsDir = process.env.ECR_DATA_DIR ? join(dataDir, 'logs') : app.getPath('logs');
const devServerUrl = (!app.isPackaged && process.env.ELECTRON_RENDERER_URL) || undefined;
const origins = devServerUrl ? [APP_ORIGIN, new URL(devServerUrl).origin] : [APP_ORIGIN];

// The exact secrets and tokens the till learns (promise 8): the log hook, every core and the diagnostics share it.
const secretValues = createSecretValues();
configureLogging(log, { logsDir, console: !app.isPackaged, level: app.isPackaged ? 'info' : 'debug', secrets: secretValues });
log.errorHandler.startCatching({ showDialog: false });
const logger = loggerFrom(log);

protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another till window is already open on this profile: it is focused (second-instance) and this one leaves.
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, { origins, logger }));
  void app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      // Only what the till cannot run without gets here (the settings file); the core's own failures show in the window.
      const message = error instanceof Error ? error.message : String(error);
      logger.error('the app could not start', { error: message });
      dialog.showErrorBox('Cloud ECR could not start', message);
      app.quit();
    });
}

async function start(): Promise<void> {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(import.meta.dirname, '../renderer')));
  hardenSession(session.defaultSession);

  const settings = SettingsStore.open({
    dataDir,
    machine: { hostname: hostname(), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone },
    logger,
  });
  const secrets = keytarSecretStore();
  const host = createCoreHost({ dataDir, settings, secrets, version: app.getVersion(), logger, secretValues });
  let window: BrowserWindow | null = null;

  app.on('second-instance', () => focusWindow(window));
  app.on('window-all-closed', () => app.quit());
  app.on(
    'before-quit',
    createQuitGuard({
      shutdown: async () => {
        await host.close();
        settings.close();
      },
      quit: () => app.quit(),
      logger,
    }),
  );

  // Recovery of earlier payments runs before the window (and any payment) exists.
  await host.start();

  const dialogs: Dialogs = {
    async saveFile(options) {
      const parent = window && !window.isDestroyed() ? window : undefined;
      const dialogOptions = { title: options.title, defaultPath: join(app.getPath('documents'), options.defaultName), filters: options.filters };
      const result = parent ? await dialog.showSaveDialog(parent, dialogOptions) : await dialog.showSaveDialog(dialogOptions);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  };
  const handlers = createHandlers({
    host,
    settings,
    secrets,
    dialogs,
    openExternal: (url) => shell.openExternal(url),
    printToPdf: printHtmlToPdf,
    diagnostics: createDiagnosticsCollector({
      host,
      secretValues,
      settings,
      secrets,
      logsDir,
      app: {
        name: app.getName(),
        version: app.getVersion(),
        electron: process.versions.electron ?? null,
        chrome: process.versions.chrome ?? null,
        node: process.versions.node,
        platform: process.platform,
        arch: process.arch,
        osRelease: release(),
        packaged: app.isPackaged,
      },
    }),
    logger,
  });
  registerChannels(ipcMain, handlers, (url) => isOurPage(url, origins), logger);

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        platform: process.platform,
        appName: app.getName(),
        devTools: !app.isPackaged,
        onExportDiagnostics: () => {
          void Promise.resolve(handlers.exportDiagnostics(undefined)).then((result) => {
            if (result.file) shell.showItemInFolder(result.file);
          });
        },
      }),
    ),
  );

  window = createWindow();
  forwardEvents(host, (channel, payload) => {
    if (window && !window.isDestroyed() && isOurPage(window.webContents.getURL(), origins)) window.webContents.send(channel, payload);
  });

  void startAutoUpdate({
    packaged: app.isPackaged,
    feedUrl: updateFeedUrl(process.env),
    loadUpdater: async () => (await import('electron-updater')).default.autoUpdater,
    logger,
  });
}

function createWindow(): BrowserWindow {
  const workAreas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((display) => display.workArea);
  const restored = restoreWindowState(loadWindowState(dataDir), workAreas);
  const window = new BrowserWindow(
    mainWindowOptions({ preload: join(import.meta.dirname, '../preload/index.cjs'), bounds: restored.bounds, devTools: !app.isPackaged }),
  );
  if (restored.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    try {
      saveWindowState(dataDir, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
    } catch (error) {
      logger.warn('the window position could not be saved', { error: String(error) });
    }
  });
  void window.loadURL(devServerUrl ?? APP_ENTRY_URL);
  return window;
}
