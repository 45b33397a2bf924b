import { join } from 'node:path';
import { app, dialog, protocol } from 'electron';
// The Node build of electron-log: the same file logging, without the `__ELECTRON_LOG__` IPC
// handlers that electron-log/main registers on import (with no sender check) for renderers to
// log through. The renderer does not log through the main process.
import log from 'electron-log/node';
import { createSecretValues } from '../core/secret-values.ts';
import { configureLogging, loggerFrom } from './logging.ts';
import { loadNativeModules } from './native-modules.ts';
import { APP_SCHEME_PRIVILEGES } from './protocol.ts';
import { APP_ORIGIN, hardenWebContents } from './security.ts';

// Wiring only: every decision lives in a tested module next to this one. Nothing imported here
// statically may reach a native module (better-sqlite3, keytar): those load after whenReady, so
// that a failure shows in a dialog (native-modules.ts).

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
    .then(async () => {
      await loadNativeModules();
      const { runApp } = await import('./running-app.ts');
      await runApp({ dataDir, logsDir, mainDir: import.meta.dirname, devServerUrl, origins, logger, secretValues });
    })
    .catch((error: unknown) => {
      // What the till cannot run without gets here (a native module, the settings file); the core's own failures show in the window.
      const message = error instanceof Error ? error.message : String(error);
      logger.error('the app could not start', { error: message, code: (error as { code?: unknown } | null)?.code });
      dialog.showErrorBox('Cloud ECR could not start', message);
      app.quit();
    });
}
