import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { systemClock, type Clock } from '../clock.ts';
import { nullLogger, type Logger } from '../logger.ts';
import type { SecretValues } from '../secret-values.ts';
import { checkBusinessDayConfig, defaultBusinessDayConfig, type BusinessDayConfig } from './business-day.ts';
import { JournalError } from './errors.ts';
import { EventStore } from './event-store.ts';
import { checkIntegrity } from './integrity.ts';
import { faultCodeOf } from './sqlite-errors.ts';
import { JOURNAL_ENVIRONMENTS, Journal, type JournalEnvironment } from './journal.ts';
import { LATEST_SCHEMA_VERSION, migrate, newerSchemaError, schemaVersion } from './migrations.ts';

export interface OpenJournalOptions {
  /** The app's data folder; created if missing (not with readOnly). */
  dataDir: string;
  environment: JournalEnvironment;
  clock?: Clock;
  logger?: Logger;
  /** Defaults to the machine's time zone and calendar days (cut-off 0). */
  businessDay?: BusinessDayConfig;
  /** Exact secret values cut out of every event before it is hashed and stored (promise 8). */
  secretValues?: SecretValues;
  /**
   * For commands that only read (journal list/verify, status, report): no folder is created, no
   * migration runs, nothing is written, the journal mode is left as it is, and every write
   * refuses with 'read-only'. A missing file is refused with 'not-found'. Works on a read-only
   * file, and on a read-only folder (see openReadOnly).
   */
  readOnly?: boolean;
  /**
   * When SQLite's quick_check of an existing file runs (integrity.ts): 'open' (the default) before
   * openJournal returns; 'background' on a worker thread, its result in journal.integrity once
   * journal.checkIntegrity() resolves (at a million sessions quick_check reads 3 GB: seconds, far
   * past the start-up budget; payments do not wait for it, damage it finds refuses them from then on); 'skip' never
   * (a fresh file, benchmarks).
   */
  integrityCheck?: 'open' | 'background' | 'skip';
  /** 'background' below this size checks at open all the same (milliseconds); tests pass 0 to check a small file on the worker. */
  backgroundCheckMinBytes?: number;
}

/** A few seconds is long enough for the CLI's verify and the app to share the file. */
export const BUSY_TIMEOUT_MS = 5000;
const CACHE_KIB = 64 * 1024;
/** quick_check reads the whole file: below this size it costs milliseconds and runs at open. */
const BACKGROUND_CHECK_MIN_BYTES = 64 * 1024 * 1024;

/** One file per environment, so training data never mixes with real money. */
export function journalFile(dataDir: string, environment: JournalEnvironment): string {
  return path.join(dataDir, `journal-${environment}.sqlite`);
}

/**
 * Opens (creating if needed) the journal of one environment and brings its schema up to date.
 * Throws a JournalError for a file from a newer Cloud ECR (left untouched), a damaged or foreign
 * file, a folder that cannot be written, or a file that belongs to another environment.
 */
export function openJournal(options: OpenJournalOptions): Journal {
  const { dataDir, environment } = options;
  if (!(JOURNAL_ENVIRONMENTS as readonly string[]).includes(environment)) {
    throw new JournalError('invalid-input', {
      id: 'journal.unknown-environment',
      params: { environment: JSON.stringify(environment), expected: JOURNAL_ENVIRONMENTS.join(', ') },
    });
  }
  if (typeof dataDir !== 'string' || dataDir.trim() === '') {
    throw new JournalError('invalid-input', { id: 'journal.no-data-folder' });
  }
  const businessDay = checkBusinessDayConfig(options.businessDay ?? defaultBusinessDayConfig());
  const logger = options.logger ?? nullLogger;
  const file = journalFile(dataDir, environment);
  if (options.readOnly) return openReadOnly(options, file, businessDay, logger);

  let db: Database.Database | undefined;
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    const existed = fs.existsSync(file);
    refuseNewerOrDamaged(file);
    db = new Database(file);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new JournalError('cannot-open', { id: 'journal.not-wal', params: { mode: String(mode), file } });
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // 64 MiB of page cache (SQLite's default is 2 MiB): at a million sessions the indexes keyed
    // by random sessionIds stay in memory, which keeps appends and screens quick.
    db.pragma(`cache_size = ${-CACHE_KIB}`);
    const asked = existed ? (options.integrityCheck ?? 'open') : 'skip';
    // A small file is checked at once (milliseconds); only a large one is worth a worker thread.
    const check = asked === 'background' && fs.statSync(file).size < (options.backgroundCheckMinBytes ?? BACKGROUND_CHECK_MIN_BYTES) ? 'open' : asked;
    // Before any write: a migration or the environment claim must not write into a damaged file.
    const integrity = check === 'open' ? checkIntegrity(db, 'quick_check') : check === 'skip' ? { ok: true as const } : undefined;
    const migrated = integrity?.ok !== false ? migrate(db) : { from: schemaVersion(db), to: schemaVersion(db) };
    if (integrity?.ok !== false) claimEnvironment(db, environment, file);
    else checkEnvironmentClaim(db, environment, file);
    const store = new EventStore(db, { clock: options.clock ?? systemClock, businessDay, secretValues: options.secretValues });
    const journal = new Journal(db, { environment, file, businessDay, store, logger, ...(integrity ? { integrity } : {}) });
    logger.info('journal opened', { file, environment, schema: migrated.to, migratedFrom: migrated.from, integrity: check });
    if (integrity && !integrity.ok) logger.error('journal damaged: opened for reading only', { file, problems: integrity.problems.slice(0, 5) });
    if (check === 'background') void journal.checkIntegrity();
    return journal;
  } catch (error) {
    if (db?.open) db.close();
    const refusal = classifyOpenError(error, dataDir, file);
    logger.error('journal could not be opened', { file, code: refusal.code, message: refusal.message });
    throw refusal;
  }
}

/**
 * The read-only open. A read-only file is fine. A read-only folder works only while the WAL
 * files (-wal, -shm) are already there (the app has the journal open): SQLite needs the WAL
 * index even to read, and the way round it, an `immutable` URI, is not available (this build of
 * better-sqlite3 opens no URI filenames). Then the open is refused as 'read-only' with what to do.
 */
function openReadOnly(options: OpenJournalOptions, file: string, businessDay: BusinessDayConfig, logger: Logger): Journal {
  const { dataDir, environment } = options;
  if (!fs.existsSync(file)) {
    const refusal = new JournalError('not-found', { id: 'journal.not-found', params: { environment, file } });
    logger.error('journal could not be opened', { file, code: refusal.code, message: refusal.message });
    throw refusal;
  }
  let db: Database.Database | undefined;
  try {
    db = connectReadOnly(file);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const version = schemaVersion(db);
    if (version > LATEST_SCHEMA_VERSION) throw newerSchemaError(version);
    if (version < LATEST_SCHEMA_VERSION) {
      throw new JournalError('cannot-open', { id: 'journal.older-schema', params: { file, version, latest: LATEST_SCHEMA_VERSION } });
    }
    checkEnvironmentClaim(db, environment, file);
    const check = options.integrityCheck ?? 'open';
    const integrity = check === 'open' ? checkIntegrity(db, 'quick_check') : { ok: true as const };
    const store = new EventStore(db, { clock: options.clock ?? systemClock, businessDay });
    const journal = new Journal(db, { environment, file, businessDay, store, logger, integrity, readOnly: true });
    logger.info('journal opened', { file, environment, schema: version, readOnly: true, integrity: check });
    if (check === 'background') void journal.checkIntegrity();
    return journal;
  } catch (error) {
    if (db?.open) db.close();
    const refusal = classifyOpenError(error, dataDir, file);
    logger.error('journal could not be opened', { file, code: refusal.code, message: refusal.message });
    throw refusal;
  }
}

function connectReadOnly(file: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    // The first read is what maps the -shm: a read-only folder can fail here rather than above.
    schemaVersion(db);
    return db;
  } catch (error) {
    if (db?.open) db.close();
    const code = String((error as { code?: unknown }).code ?? '');
    if (!code.startsWith('SQLITE_CANTOPEN') && !code.startsWith('SQLITE_READONLY')) throw error;
    throw new JournalError('read-only', { id: 'journal.needs-wal-index', params: { file, index: `${path.basename(file)}-shm` } }, { cause: error });
  }
}

/** The environment check of claimEnvironment without writing: an unclaimed file passes (a read-write open claims it). */
function checkEnvironmentClaim(db: Database.Database, environment: JournalEnvironment, file: string): void {
  const row = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'environment'").get();
  if (row && row.value !== environment) {
    throw new JournalError('wrong-environment', { id: 'journal.wrong-environment', params: { file, held: row.value, environment } });
  }
}

/**
 * Looks at an existing file through a read-only connection first, so that a file from a newer
 * Cloud ECR, or one that is not a journal at all, is refused byte-identical: a read-write
 * connection could checkpoint a leftover WAL into it on close.
 */
function refuseNewerOrDamaged(file: string): void {
  if (!fs.existsSync(file)) return;
  const peek = new Database(file, { readonly: true, fileMustExist: true });
  try {
    peek.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const version = schemaVersion(peek);
    if (version > LATEST_SCHEMA_VERSION) throw newerSchemaError(version);
  } finally {
    peek.close();
  }
}

/**
 * A file remembers the environment it was created for; opening it as another one (a renamed or
 * copied file) is refused rather than mixing training and real payments.
 */
function claimEnvironment(db: Database.Database, environment: JournalEnvironment, file: string): void {
  // OR IGNORE: if another process created the file a moment ago, its claim stands and is checked.
  db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('environment', ?)").run(environment);
  const row = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'environment'").get();
  if (row?.value !== environment) {
    throw new JournalError('wrong-environment', { id: 'journal.wrong-environment', params: { file, held: row?.value ?? 'unknown', environment } });
  }
}

/** Turns whatever opening failed with into a JournalError a person can act on. Exported for tests. */
export function classifyOpenError(error: unknown, dataDir: string, file: string): JournalError {
  if (error instanceof JournalError) return error;
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    return new JournalError('corrupt', { id: 'journal.not-a-journal', params: { file }, detail: `(${message})` }, { cause: error });
  }
  if (code.startsWith('SQLITE_READONLY') || ['EACCES', 'EPERM', 'EROFS'].includes(code) || (code.startsWith('SQLITE_CANTOPEN') && !writable(dataDir))) {
    return new JournalError('read-only', { id: 'journal.folder-read-only', params: { folder: dataDir }, detail: `(${message})` }, { cause: error });
  }
  const fault = code.startsWith('SQLITE_CANTOPEN') ? undefined : faultCodeOf(error);
  if (fault === 'disk-full' || fault === 'busy' || fault === 'io') {
    return new JournalError(fault, { id: `journal.open-fault.${fault}`, params: { file }, detail: `(${message})` }, { cause: error });
  }
  return new JournalError('cannot-open', { id: 'journal.cannot-open', params: { file }, detail: `(${message})` }, { cause: error });
}

function writable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
