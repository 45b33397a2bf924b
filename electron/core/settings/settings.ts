import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { checkBusinessDayConfig } from '../journal/business-day.ts';
import { nullLogger, type Logger } from '../logger.ts';
import { findCurrency } from '../money.ts';
import { DEFAULT_ENGINE_CONFIG } from '../payments/config.ts';
import { settingsFields, settingsPatchSchema, SETTING_NAMES, type SettingName, type Settings, type SettingsPatch } from './schema.ts';
import { CodedError, fieldProblem, type FieldProblem } from '../../domain/coded-error.ts';
import type { MessageRef } from '../../domain/messages.ts';

/**
 * The till's non-secret settings, in their own SQLite file (`settings.sqlite` in the data dir),
 * apart from the journals: settings are not money and must stay readable whichever environment's
 * journal is open. Secrets live in the OS keychain (secret-store.ts), never here.
 *
 * One row per setting, the value as JSON. A value that no longer passes its schema (an edited
 * file, a setting whose range narrowed) falls back to its default with a warning, so a bad row
 * can never keep the till from starting.
 */
export const SETTINGS_FILE = 'settings.sqlite';
const SCHEMA_VERSION = 1;

export type SettingsErrorCode = 'invalid-settings' | 'settings-unavailable';

export type { FieldProblem };

export class SettingsError extends CodedError<SettingsErrorCode> {
  override name = 'SettingsError';
  declare readonly fields: FieldProblem[];

  constructor(code: SettingsErrorCode, message: string | MessageRef, fields: FieldProblem[] = []) {
    super(code, message, { fields });
  }
}

/** Defaults that depend on the machine: its name and its time zone. */
export interface MachineDefaults {
  hostname: string;
  timeZone: string;
}

export function defaultSettings(machine: MachineDefaults): Settings {
  return {
    environment: 'simulator',
    cashRegisterId: cashRegisterIdFromHostname(machine.hostname),
    defaultTerminalId: null,
    currency: 'EUR',
    businessDayTimeZone: machine.timeZone,
    businessDayCutoffHour: 0,
    // The engine's own defaults: the ones the benchmarks measure (design.md §8).
    pollIntervalMs: DEFAULT_ENGINE_CONFIG.pollIntervalMs,
    deadlineMs: DEFAULT_ENGINE_CONFIG.deadlineMs,
    language: 'en',
  };
}

/** The machine's name as a cash register id: trimmed, no control characters, at most 64 characters. */
export function cashRegisterIdFromHostname(hostname: string): string {
  const cleaned = hostname.replace(/\p{Cc}/gu, '').trim().slice(0, 64).trim();
  return cleaned === '' ? 'till-1' : cleaned;
}

/**
 * Checks a patch: shape (the shared schema), then meaning (a currency the ISO table knows, a time
 * zone the platform knows). Returns the parsed patch or throws SettingsError with one problem per field.
 */
export function checkSettingsPatch(patch: unknown): Partial<Settings> {
  const parsed = settingsPatchSchema.safeParse(patch);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || 'settings', message: issue.message }));
    throw invalid(fields);
  }
  const value = parsed.data;
  const fields: FieldProblem[] = [];
  if (value.currency !== undefined && !findCurrency(value.currency)) {
    fields.push(fieldProblem('currency', 'settings.field.currency', { currency: value.currency }));
  }
  if (value.businessDayTimeZone !== undefined && !isTimeZone(value.businessDayTimeZone)) {
    fields.push(fieldProblem('businessDayTimeZone', 'settings.field.time-zone', { timeZone: value.businessDayTimeZone }));
  }
  if (fields.length > 0) throw invalid(fields);
  return value;
}

/** One error naming each field's problem; the problems are said at the fields, not in the sentence. */
function invalid(fields: FieldProblem[]): SettingsError {
  return new SettingsError('invalid-settings', { id: 'settings.invalid' }, fields);
}

function isTimeZone(timeZone: string): boolean {
  try {
    checkBusinessDayConfig({ timeZone, cutoffHour: 0 });
    return true;
  } catch {
    return false;
  }
}

export interface SettingsStoreOptions {
  dataDir: string;
  machine: MachineDefaults;
  logger?: Logger;
}

export class SettingsStore {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly defaults: Settings;
  private readonly logger: Logger;
  private readonly selectAll: Database.Statement<[], { key: string; value: string }>;
  private readonly upsert: Database.Statement<[string, string, string]>;

  private constructor(db: Database.Database, file: string, defaults: Settings, logger: Logger) {
    this.db = db;
    this.file = file;
    this.defaults = defaults;
    this.logger = logger;
    this.selectAll = db.prepare('SELECT key, value FROM settings');
    this.upsert = db.prepare(
      'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
    );
  }

  static open(options: SettingsStoreOptions): SettingsStore {
    const logger = options.logger ?? nullLogger;
    const file = join(options.dataDir, SETTINGS_FILE);
    let db: Database.Database | undefined;
    try {
      mkdirSync(options.dataDir, { recursive: true });
      db = new Database(file);
      db.pragma('busy_timeout = 2000');
      db.pragma('synchronous = FULL');
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > SCHEMA_VERSION) {
        throw new SettingsError('settings-unavailable', { id: 'settings.newer-file', params: { file } });
      }
      db.exec('CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL) STRICT');
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
      const store = new SettingsStore(db, file, defaultSettings(options.machine), logger);
      store.pinCashRegisterId();
      return store;
    } catch (error) {
      db?.close();
      if (error instanceof SettingsError) throw error;
      throw new SettingsError('settings-unavailable', { id: 'settings.cannot-open', params: { file }, detail: `(${(error as Error).message})` });
    }
  }

  /** Every setting: the stored value where there is a valid one, else the default. */
  read(): Settings {
    const settings: Record<string, unknown> = { ...this.defaults };
    for (const row of this.selectAll.all()) {
      if (!(SETTING_NAMES as string[]).includes(row.key)) continue;
      const name = row.key as SettingName;
      const parsed = settingsFields[name].safeParse(parseJson(row.value));
      if (parsed.success) settings[name] = parsed.data;
      else this.logger.warn('settings: a stored value is not valid; using the default', { setting: name });
    }
    return settings as Settings;
  }

  /** Applies a patch all-or-nothing: one bad field and nothing is written. Returns the new settings. */
  update(patch: SettingsPatch | unknown, now: Date = new Date()): Settings {
    const checked = checkSettingsPatch(patch);
    const at = now.toISOString();
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(checked)) {
        if (value === undefined) continue;
        this.upsert.run(key, JSON.stringify(value), at);
      }
    })();
    return this.read();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /**
   * The cash register id defaults to the machine's name; it is written down on first start so a
   * renamed computer does not quietly become another till in Viva's records and in the reports.
   */
  private pinCashRegisterId(): void {
    const stored = this.db.prepare<[], { value: string }>("SELECT value FROM settings WHERE key = 'cashRegisterId'").get();
    if (!stored) this.upsert.run('cashRegisterId', JSON.stringify(this.defaults.cashRegisterId), new Date().toISOString());
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
