import { mkdirSync } from 'node:fs';
import { createBackupSchedule, type BackupSchedule, type BackupSettings } from './backup/index.ts';
import { systemClock, type Clock } from './clock.ts';
import { createBackgroundPush, type BackgroundPush, type BackgroundPushOptions, type HeadOfficeSettings } from './headoffice/index.ts';
import { openJournal, type BusinessDayConfig, type Journal, type JournalEnvironment } from './journal/index.ts';
import { nullLogger, redactingLogger, type Logger } from './logger.ts';
import { createPaymentEngine, type EngineConfigInput, type PaymentEngine } from './payments/index.ts';
import { createReportsService, type ReportsService } from './reports/index.ts';
import { createSecretValues, type SecretValues } from './secret-values.ts';
import { createVivaClient, type FetchFunction, type VivaClient, type VivaClientOptions } from './viva/index.ts';

export interface CoreOptions {
  /** Where the journal lives (one SQLite file per environment). */
  dataDir: string;
  environment: JournalEnvironment;
  /** Where Viva is and who we are to it; the secret stays inside the client. */
  connection: Pick<VivaClientOptions, 'endpoints' | 'credentials'>;
  cashRegisterId: string;
  defaultCurrency?: string;
  businessDay?: BusinessDayConfig;
  engine?: EngineConfigInput;
  /**
   * The app: while another process holds the journal's engine lock, wait for it (the engine's
   * status says so) instead of refusing to start, as the CLI does.
   */
  waitForLock?: boolean;
  clock?: Clock;
  fetch?: FetchFunction;
  logger?: Logger;
  /** Per Viva request. */
  timeoutMs?: number;
  /**
   * The exact secret values to keep out of the journal, logs and exports (promise 8). Pass the
   * one your log sinks also use; the core adds the client secret and every token it obtains.
   */
  secretValues?: SecretValues;
  /** The backup settings, read at each automatic backup (at Close day, daily); null or absent: none. */
  backups?: () => BackupSettings | null;
  /** Where this till pushes its journal, read before each push; null or absent: no head office. */
  headOffice?: () => HeadOfficeSettings | null;
  /** The head office's password, from the OS keychain; never stored in settings. */
  headOfficePassword?: () => Promise<string | null>;
  /** The background push's timings and thread (tests). */
  headOfficePush?: Pick<BackgroundPushOptions, 'debounceMs' | 'intervalMs' | 'retryMs' | 'batchSize' | 'runOn'>;
}

export interface Core {
  journal: Journal;
  viva: VivaClient;
  secretValues: SecretValues;
  engine: PaymentEngine;
  /** Reconciliation against Viva, the day report, closing the day, exports. */
  reports: ReportsService;
  /** The automatic backups (at every Close day, daily): the last result for End of day. */
  backups: BackupSchedule;
  /** The background push to the head office: its status for the app (Settings, End of day). */
  headOffice: BackgroundPush;
  /** Crash recovery (promise 6); call before accepting any payment. */
  start(): Promise<{ resumed: number }>;
  /**
   * Lets the engine finish writing, then closes the journal. Never throws; `heldWrites` counts
   * outcomes the engine learned but the journal could not record (promise 9).
   */
  close(): Promise<{ heldWrites: number }>;
}

/**
 * The composition root (design.md §1): main, the CLI and the tests all build the core here, with
 * their own dependencies (data dir, clock, fetch, logger), so what is tested is what runs.
 */
export function createCore(options: CoreOptions): Core {
  const secretValues = options.secretValues ?? createSecretValues();
  secretValues.add(options.connection.credentials?.clientSecret);
  const logger = redactingLogger(options.logger ?? nullLogger, secretValues);
  const clock = options.clock ?? systemClock;
  mkdirSync(options.dataDir, { recursive: true });
  const journal = openJournal({
    dataDir: options.dataDir,
    environment: options.environment,
    clock,
    logger,
    secretValues,
    // quick_check reads the whole file (seconds at a million sessions): it runs on a worker while
    // the core starts and the till works; damage it finds refuses payments from then on (engine.ts).
    integrityCheck: 'background',
    ...(options.businessDay ? { businessDay: options.businessDay } : {}),
  });
  try {
    const viva = createVivaClient({
      ...options.connection,
      clock,
      logger,
      secretValues,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    const engine = createPaymentEngine({
      journal,
      viva,
      cashRegisterId: options.cashRegisterId,
      clock,
      logger,
      ...(options.defaultCurrency ? { defaultCurrency: options.defaultCurrency } : {}),
      ...(options.engine ? { config: options.engine } : {}),
      ...(options.waitForLock ? { lock: { wait: true } } : {}),
    });
    const service = createReportsService({
      journal,
      viva,
      refund: (input) => engine.refund(input),
      cashRegisterId: options.cashRegisterId,
      clock,
      logger,
    });
    const backups = createBackupSchedule({ journal, clock, logger, settings: options.backups ?? (() => null) });
    const headOffice = createBackgroundPush({
      journal,
      dataDir: options.dataDir,
      cashRegisterId: options.cashRegisterId,
      clock,
      logger,
      secretValues,
      settings: options.headOffice ?? (() => null),
      ...(options.headOfficePassword ? { password: options.headOfficePassword } : {}),
      ...options.headOfficePush,
    });
    // Every journaled change asks for a push, batched and on its own thread: a payment never waits on it.
    const offSessions = engine.on('session', () => headOffice.notify());
    // The backup starts once the Z report is committed and is not awaited: the close never waits on a USB stick.
    const reports: ReportsService = {
      ...service,
      closeDay: (day, closeOptions) => {
        const report = service.closeDay(day, closeOptions);
        void backups.afterCloseDay(report.z?.number);
        headOffice.notify();
        return report;
      },
    };
    return {
      journal,
      viva,
      secretValues,
      engine,
      reports,
      backups,
      headOffice,
      start: () => engine.start(),
      async close() {
        const stopped = await engine.stop();
        offSessions();
        await backups.stop();
        await headOffice.stop();
        try {
          journal.close();
        } catch (error) {
          logger.error('the journal could not be closed', { error: String(error) });
        }
        return stopped;
      },
    };
  } catch (error) {
    journal.close();
    throw error;
  }
}
