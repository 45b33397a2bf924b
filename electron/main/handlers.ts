import { writeFile as writeFileToDisk } from 'node:fs/promises';
import { systemClock, type Clock } from '../core/clock.ts';
import { nullLogger, type Logger } from '../core/logger.ts';
import {
  CORE_SETTINGS,
  CREDENTIAL_ENVIRONMENTS,
  checkSecretValue,
  checkSettingsPatch,
  credentialStatus,
  testConnection,
  type CredentialEnvironment,
  type CredentialStatus,
  type SecretStore,
  type Settings,
  type SettingsPatch,
} from '../core/settings/index.ts';
import type { FetchFunction, VivaDevice } from '../core/viva/index.ts';
import type { DeviceView, SettingsView } from '../contract/views.ts';
import type { CoreHost } from './core-host.ts';
import { ShellError } from './errors.ts';
import type { Handlers } from './ipc.ts';
import { openExternalSafely } from './security.ts';

/**
 * What each channel does, built from what main has (the core host, settings, the keychain, the
 * dialogs) so Node tests build the very same handlers with a real core on the simulator and a
 * stubbed dialog. Inputs arrive parsed (ipc.ts); refusals are thrown as coded errors and turned
 * into envelopes by the dispatcher.
 *
 * Left for the reports issue (core.reports): reconcileDay, resolveDifference, dayReport,
 * closeDay, exportReport. Each is one entry in contract/channels.ts and one handler here.
 */
export interface Dialogs {
  /** Where to save a file; null when the user cancels. */
  saveFile(options: { title: string; defaultName: string; filters: { name: string; extensions: string[] }[] }): Promise<string | null>;
}

export interface HandlerDeps {
  host: CoreHost;
  settings: { read(): Settings; update(patch: SettingsPatch): Settings };
  secrets: SecretStore;
  dialogs: Dialogs;
  /** Electron's shell.openExternal; only reached through openExternalSafely. */
  openExternal: (url: string) => Promise<void>;
  /** The redacted diagnostics bundle (diagnostics.ts). */
  diagnostics: () => Promise<string>;
  writeFile?: (file: string, text: string) => Promise<void>;
  clock?: Clock;
  logger?: Logger;
  /** For the connection test's own Viva client (tests route it). */
  fetch?: FetchFunction;
  timeoutMs?: number;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const { host, settings, secrets } = deps;
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? nullLogger;
  const writeFile = deps.writeFile ?? ((file: string, text: string) => writeFileToDisk(file, text, 'utf8'));

  function defaultTerminal(): string {
    const terminal = settings.read().defaultTerminalId;
    if (terminal === null) {
      throw new ShellError('no-terminal', 'Choose a terminal: none was given and no default terminal is set (Settings > Terminal).');
    }
    return terminal;
  }

  async function settingsView(): Promise<SettingsView> {
    const credentials = {} as Record<CredentialEnvironment, CredentialStatus>;
    let keychainAvailable = true;
    for (const environment of CREDENTIAL_ENVIRONMENTS) {
      try {
        credentials[environment] = await credentialStatus(secrets, environment);
      } catch (error) {
        keychainAvailable = false;
        credentials[environment] = { clientId: null, hasClientSecret: false };
        logger.warn('the keychain could not be read', { environment, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return { settings: settings.read(), credentials, keychainAvailable };
  }

  return {
    getStatus: () => host.status(),

    startSale: (input) => host.core().engine.sale({ ...input, terminalId: input.terminalId ?? defaultTerminal() }),
    startRefund: (input) => host.core().engine.refund(input),
    startUnreferencedRefund: (input) => host.core().engine.unreferencedRefund({ ...input, terminalId: input.terminalId ?? defaultTerminal() }),
    completePreauth: (input) => host.core().engine.preauthCompletion(input),
    abortSession: ({ sessionId }) => host.core().engine.abort(sessionId),
    sessionStatus: ({ sessionId }) => host.journal().getSession(sessionId) ?? null,
    openSessions: () => host.journal().openSessions(),
    checkAgain: ({ sessionId }) => host.core().engine.checkAgain(sessionId),
    refundable: ({ sessionId }) => host.core().engine.refundable(sessionId),
    resolveSession: ({ sessionId, ...resolution }) => host.core().engine.resolve(sessionId, resolution),

    listSessions: (filter) => host.journal().listSessions(filter),
    getSession: ({ sessionId }) => {
      const journal = host.journal();
      const session = journal.getSession(sessionId);
      return session ? { session, events: journal.eventsOf(sessionId) } : null;
    },
    verifyJournal: () => host.journal().verify(),

    searchDevices: async (input) => {
      const devices = await host.core().viva.searchDevices(input?.statusId !== undefined ? { statusId: input.statusId } : {});
      return devices.map(deviceView);
    },

    getSettings: settingsView,

    updateSettings: async (input) => {
      const patch = checkSettingsPatch(input);
      const before = settings.read();
      const coreChanges = CORE_SETTINGS.some((name) => patch[name] !== undefined && patch[name] !== before[name]);
      // Refused before anything is written: switching under a live payment would orphan it.
      if (coreChanges) host.assertIdle();
      settings.update(patch);
      if (coreChanges) await host.reload();
      return settingsView();
    },

    setCredentials: async ({ environment, clientId, clientSecret }) => {
      const values = {
        clientId: clientId === undefined ? undefined : checkSecretValue('clientId', clientId),
        clientSecret: clientSecret === undefined ? undefined : checkSecretValue('clientSecret', clientSecret),
      };
      const current = settings.read().environment === environment;
      if (current) host.assertIdle();
      if (values.clientId !== undefined) await secrets.set(environment, 'clientId', values.clientId);
      if (values.clientSecret !== undefined) await secrets.set(environment, 'clientSecret', values.clientSecret);
      logger.info('viva credentials changed', { environment, clientId: values.clientId !== undefined, clientSecret: values.clientSecret !== undefined });
      if (current) await host.reload();
      return settingsView();
    },

    clearCredentials: async ({ environment }) => {
      const current = settings.read().environment === environment;
      if (current) host.assertIdle();
      await secrets.delete(environment, 'clientSecret');
      await secrets.delete(environment, 'clientId');
      logger.info('viva credentials cleared', { environment });
      if (current) await host.reload();
      return settingsView();
    },

    testConnection: async (input) => {
      const environment = input?.environment ?? settings.read().environment;
      const connection = await host.connectionFor(environment);
      return testConnection({
        ...connection,
        clock,
        logger,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
      });
    },

    exportDiagnostics: async () => {
      const file = await deps.dialogs.saveFile({
        title: 'Export diagnostics',
        defaultName: `cloud-ecr-diagnostics-${fileStamp(clock.now())}.json`,
        filters: [{ name: 'Diagnostics (JSON)', extensions: ['json'] }],
      });
      if (!file) return { saved: false, file: null };
      const text = await deps.diagnostics();
      try {
        await writeFile(file, text);
      } catch (error) {
        throw new ShellError('save-failed', `The diagnostics could not be saved: ${error instanceof Error ? error.message : String(error)}`);
      }
      logger.info('diagnostics exported');
      return { saved: true, file };
    },

    openExternal: async ({ url }) => {
      if (!(await openExternalSafely(url, deps.openExternal, logger))) {
        throw new ShellError('not-https', 'Only https links can be opened from the till.');
      }
      return { opened: true };
    },
  };
}

function deviceView(device: VivaDevice): DeviceView {
  return {
    terminalId: String(device.terminalId),
    statusId: device.statusId,
    live: device.statusId === 1,
    sourceCode: device.sourceCode,
    virtualTerminalId: device.virtualTerminalId,
  };
}

/** 2026-11-26T14:57:03.123Z -> 20261126-145703 (UTC, safe in every file system). */
export function fileStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replaceAll('-', '').replaceAll(':', '').replace('T', '-');
}
