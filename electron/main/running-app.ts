import { readFileSync } from 'node:fs';
import { hostname, release } from 'node:os';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell } from 'electron';
import type { Logger } from '../core/logger.ts';
import { SettingsStore } from '../core/settings/index.ts';
import { redactText } from '../core/logger.ts';
import type { SecretValues } from '../core/secret-values.ts';
import { createCoreHost } from './core-host.ts';
import { createDiagnosticsCollector } from './diagnostics.ts';
import { forwardEvents } from './events.ts';
import { createHandlers, type Dialogs } from './handlers.ts';
import { printHtmlToPdf } from './pdf.ts';
import { registerChannels } from './ipc.ts';
import { createQuitGuard, focusWindow } from './lifecycle.ts';
import { menuTemplate } from './menu.ts';
import { createAppProtocolHandler } from './protocol.ts';
import { keytarSecretStore } from './secret-store.ts';
import { APP_ENTRY_URL, APP_SCHEME, hardenSession, isOurPage, mainWindowOptions } from './security.ts';
import { buildFeedUrl, chooseUpdateFeed, startAutoUpdate } from './updates.ts';
import { loadWindowState, restoreWindowState, saveWindowState } from './window-state.ts';

// Wiring only, after `whenReady` and after the native modules loaded (index.ts imports this
// module dynamically): everything here may reach better-sqlite3 and keytar.

export interface RunContext {
  dataDir: string;
  logsDir: string;
  /** The folder of the built main entry (out/main): this module may be bundled into a chunk elsewhere. */
  mainDir: string;
  devServerUrl: string | undefined;
  origins: string[];
  logger: Logger;
  /** The exact secrets and tokens to keep out of logs, the journal and diagnostics (promise 8). */
  secretValues: SecretValues;
}

export async function runApp(context: RunContext): Promise<void> {
  const { dataDir, logsDir, origins, logger, secretValues } = context;
  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(context.mainDir, '../renderer')));
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
  registerChannels(ipcMain, handlers, (url) => isOurPage(url, origins), logger, (text) => secretValues.redact(redactText(text)));

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

  window = createWindow(context);
  forwardEvents(host, (channel, payload) => {
    if (window && !window.isDestroyed() && isOurPage(window.webContents.getURL(), origins)) window.webContents.send(channel, payload);
  });

  void startAutoUpdate({
    feed: chooseUpdateFeed({ packaged: app.isPackaged, env: process.env, buildFeed: buildFeedUrl(readAppUpdateYml()), logger }),
    loadUpdater: async () => (await import('electron-updater')).default.autoUpdater,
    logger,
  });
}

/** What electron-builder baked into the packaged build; null in development (no resources folder of ours). */
function readAppUpdateYml(): string | null {
  if (!app.isPackaged || !process.resourcesPath) return null;
  try {
    return readFileSync(join(process.resourcesPath, 'app-update.yml'), 'utf8');
  } catch {
    return null;
  }
}

function createWindow(context: RunContext): BrowserWindow {
  const { dataDir, logger } = context;
  const workAreas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((display) => display.workArea);
  const restored = restoreWindowState(loadWindowState(dataDir), workAreas);
  const window = new BrowserWindow(
    mainWindowOptions({ preload: join(context.mainDir, '../preload/index.cjs'), bounds: restored.bounds, devTools: !app.isPackaged }),
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
  void window.loadURL(context.devServerUrl ?? APP_ENTRY_URL);
  return window;
}
