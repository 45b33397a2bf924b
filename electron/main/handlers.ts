import { createWriteStream } from 'node:fs';
import { writeFile as writeFileToDisk } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { systemClock, type Clock } from '../core/clock.ts';
import { nullLogger, type Logger } from '../core/logger.ts';
import {
  CORE_SETTINGS,
  CREDENTIAL_ENVIRONMENTS,
  checkHeadOfficePassword,
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
import { saleRefundsOf } from '../core/payments/index.ts';
import { createReportsService, type ReportsService } from '../core/reports/index.ts';
import { fleetReport, headOfficeSettingsOf, HeadOfficeError, withPassword } from '../core/headoffice/index.ts';
import { SimulatorControlError, type SimulatorControl } from '../core/simulator/index.ts';
import type { FetchFunction, VivaDevice } from '../core/viva/index.ts';
import type { BackupView, DeviceView, HeadOfficeView, SettingsView } from '../contract/views.ts';
import { isCodedError, restated } from '../domain/coded-error.ts';
import { decide } from '../core/attention/index.ts';
import type { CoreHost } from './core-host.ts';
import { ShellError } from './errors.ts';
import type { Handlers } from './ipc.ts';
import { messageLanguageOf } from '../domain/messages.ts';
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
  writeFile?: (file: string, content: string | Uint8Array) => Promise<void>;
  /** Turns the printable HTML report into PDF bytes (Electron's printToPDF in main/pdf.ts). */
  printToPdf?: (html: string) => Promise<Uint8Array>;
  /** Opens a file for a streamed export (tests may route it). */
  createWriteStream?: (file: string) => Writable;
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
  const writeFile = deps.writeFile ?? ((file: string, content: string | Uint8Array) => writeFileToDisk(file, content));
  const openStream = deps.createWriteStream ?? ((file: string) => createWriteStream(file));

  /** The reports of the running core; without one (no credentials yet) the journal's own, offline. */
  function reports(): ReportsService {
    if (host.status().state === 'ready') return host.core().reports;
    return createReportsService({ journal: host.journal(), clock, logger });
  }

  async function saveAs(title: string, defaultName: string, filter: { name: string; extensions: string[] }): Promise<string | null> {
    return deps.dialogs.saveFile({ title, defaultName, filters: [filter] });
  }

  async function write(file: string, content: string | Uint8Array): Promise<void> {
    try {
      await writeFile(file, content);
    } catch (error) {
      throw new ShellError('save-failed', { id: 'shell.save-failed', detail: `(${error instanceof Error ? error.message : String(error)})` });
    }
  }

  function defaultTerminal(): string {
    const terminal = settings.read().defaultTerminalId;
    if (terminal === null) {
      throw new ShellError('no-terminal', { id: 'shell.no-terminal' });
    }
    return terminal;
  }

  /** Runs an action on the embedded simulator; refused (typed) outside the Simulator environment. */
  function simulator<T>(act: (control: SimulatorControl) => T): T {
    const control = host.simulatorControl();
    if (!control) throw new ShellError('not-simulator', { id: 'code.not-simulator' });
    try {
      return act(control);
    } catch (error) {
      if (error instanceof SimulatorControlError) throw new ShellError('simulator-refused', restated(error));
      throw error;
    }
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
    diagnoseSession: ({ sessionId }) => host.core().engine.diagnose(sessionId) ?? null,
    refundable: ({ sessionId }) => host.core().engine.refundable(sessionId),
    resolveSession: ({ sessionId, ...resolution }) => host.core().engine.resolve(sessionId, resolution),

    listSessions: (filter) => host.journal().listSessions(filter),
    getSession: ({ sessionId }) => {
      const journal = host.journal();
      const session = journal.getSession(sessionId);
      return session ? { session, events: journal.eventsOf(sessionId) } : null;
    },
    saleRefunds: ({ sessionIds }) => saleRefundsOf(host.journal(), sessionIds),
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
        secretValues: host.secretValues,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
      });
    },

    reconcileDay: async ({ day }) => {
      const result = await reports().reconcile(day);
      host.attentionChanged();
      return result;
    },
    resolveDifference: async ({ day, differenceId, ...input }) => {
      const difference = await reports().resolveDifference(day, differenceId, input);
      host.attentionChanged();
      return difference;
    },

    attentionList: () => host.attentionList(),
    decideAttention: ({ sessionId, ...input }) => {
      const journal = host.journal();
      const record = decide(journal, (id, event) => journal.append(id, event), sessionId, input);
      host.attentionChanged();
      return record;
    },
    dayReport: ({ day }) => reports().dayReport(day),
    closeDay: ({ day, operator, overrideUnknown }) =>
      reports().closeDay(day, overrideUnknown ? { overrideUnknown: { reason: overrideUnknown.reason, operator } } : {}),
    zReports: () => reports().zReports(),
    paymentDay: () => reports().paymentDay(),

    exportReport: async ({ day, format }) => {
      const service = reports();
      // Built before the dialog: a bad day is refused without asking where to save.
      // The printable report (HTML, and the PDF made from it) speaks the till's chosen language.
      const language = messageLanguageOf(settings.read().language);
      const content = format === 'pdf' ? service.exportDay(day, 'html', { language }) : service.exportDay(day, format, { language });
      const filters: Record<typeof format, { name: string; extensions: string[] }> = {
        csv: { name: 'CSV (spreadsheet)', extensions: ['csv'] },
        json: { name: 'JSON', extensions: ['json'] },
        html: { name: 'Web page (printable)', extensions: ['html'] },
        pdf: { name: 'PDF', extensions: ['pdf'] },
      };
      const file = await saveAs(`Export the report of ${day}`, `cloud-ecr-${day}.${format}`, filters[format]);
      if (!file) return { saved: false, file: null };
      if (format === 'pdf') {
        if (!deps.printToPdf) throw new ShellError('save-failed', { id: 'shell.pdf-needs-window' });
        await write(file, await deps.printToPdf(content));
      } else {
        await write(file, content);
      }
      logger.info('report exported', { day, format });
      return { saved: true, file };
    },

    exportRange: async ({ fromDay, toDay }) => {
      const service = reports();
      const file = await saveAs(`Export the sessions of ${fromDay} to ${toDay}`, `cloud-ecr-${fromDay}-to-${toDay}.csv`, {
        name: 'CSV (spreadsheet)',
        extensions: ['csv'],
      });
      if (!file) return { saved: false, file: null };
      const out = openStream(file);
      try {
        const { rows } = await service.exportCsv({ fromDay, toDay }, out, {
          onProgress: (progress) => host.emit('exportProgress', { file, rows: progress.rows, total: progress.total }),
        });
        // exportCsv ends the stream; the file is complete once it has finished flushing.
        if (!out.writableFinished) await finished(out);
        logger.info('sessions exported', { fromDay, toDay, rows });
        return { saved: true, file, rows };
      } catch (error) {
        out.destroy();
        if (error instanceof ShellError || isCodedError(error, 'invalid-input')) throw error;
        throw new ShellError('save-failed', { id: 'shell.export-failed', detail: `(${error instanceof Error ? error.message : String(error)})` });
      }
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
        throw new ShellError('save-failed', { id: 'shell.diagnostics-failed', detail: `(${error instanceof Error ? error.message : String(error)})` });
      }
      logger.info('diagnostics exported');
      return { saved: true, file };
    },

    simulatorTerminal: ({ terminalId }) => simulator((control) => control.terminal(terminalId)),

    simulatorCustomer: ({ terminalId, action, eventId }) =>
      simulator((control) => {
        control.customer(terminalId, action === 'decline' ? { action, ...(eventId !== undefined ? { eventId } : {}) } : { action });
        return control.terminal(terminalId);
      }),

    openExternal: async ({ url }) => {
      if (!(await openExternalSafely(url, deps.openExternal, logger))) {
        throw new ShellError('not-https', { id: 'shell.not-https' });
      }
      return { opened: true };
    },

    headOfficeStatus: () => headOfficeView(),

    setHeadOfficePassword: async ({ password }) => {
      const checked = checkHeadOfficePassword(password);
      // Known before it is stored: no log line or error about it can carry it from here on.
      host.secretValues.add(checked);
      await secrets.setHeadOfficePassword(checked);
      logger.info('head-office password changed');
      return headOfficeView();
    },

    clearHeadOfficePassword: async () => {
      await secrets.deleteHeadOfficePassword();
      logger.info('head-office password cleared');
      return headOfficeView();
    },

    fleetReport: async ({ day }) => {
      const where = headOfficeSettingsOf(settings.read());
      if (!where) throw new HeadOfficeError('not-configured', { id: 'headoffice.not-configured' });
      const password = await secrets.getHeadOfficePassword();
      host.secretValues.add(password);
      return fleetReport({ url: withPassword(where.url, password), businessDay: day });
    },

    pushHeadOfficeNow: async () => {
      if (host.status().state === 'ready') await host.core().headOffice.pushNow();
      return headOfficeView();
    },
  };

  async function headOfficeView(): Promise<HeadOfficeView> {
    let hasPassword = false;
    let keychainAvailable = true;
    try {
      hasPassword = (await secrets.getHeadOfficePassword()) !== null;
    } catch {
      keychainAvailable = false;
    }
    const core = host.status().state === 'ready' ? host.core() : null;
    const last = core?.backups.last() ?? null;
    const lastBackup: BackupView | null = last ? { ok: last.ok, trigger: last.trigger, at: last.at, file: last.file, errorCode: last.ok ? null : last.error.code } : null;
    return { push: core?.headOffice.status() ?? null, hasPassword, keychainAvailable, lastBackup, backupFailed: core?.backups.failure() != null };
  }
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
