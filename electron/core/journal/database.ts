import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { systemClock, type Clock } from '../clock.ts';
import { nullLogger, type Logger } from '../logger.ts';
import type { SecretValues } from '../secret-values.ts';
import { checkBusinessDayConfig, defaultBusinessDayConfig, type BusinessDayConfig } from './business-day.ts';
import { JournalError } from './errors.ts';
import { EventStore } from './event-store.ts';
import { JOURNAL_ENVIRONMENTS, Journal, type JournalEnvironment } from './journal.ts';
import { LATEST_SCHEMA_VERSION, migrate, newerSchemaError, schemaVersion } from './migrations.ts';

export interface OpenJournalOptions {
  /** The app's data folder; created if missing. */
  dataDir: string;
  environment: JournalEnvironment;
  clock?: Clock;
  logger?: Logger;
  /** Defaults to the machine's time zone and calendar days (cut-off 0). */
  businessDay?: BusinessDayConfig;
  /** Exact secret values cut out of every event before it is hashed and stored (promise 8). */
  secretValues?: SecretValues;
}

/** A few seconds is long enough for the CLI's verify and the app to share the file. */
export const BUSY_TIMEOUT_MS = 5000;
const CACHE_KIB = 64 * 1024;

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
    throw new JournalError('invalid-input', `Unknown environment ${JSON.stringify(environment)}; expected ${JOURNAL_ENVIRONMENTS.join(', ')}.`);
  }
  if (typeof dataDir !== 'string' || dataDir.trim() === '') {
    throw new JournalError('invalid-input', 'openJournal() needs the data folder.');
  }
  const businessDay = checkBusinessDayConfig(options.businessDay ?? defaultBusinessDayConfig());
  const logger = options.logger ?? nullLogger;
  const file = journalFile(dataDir, environment);

  let db: Database.Database | undefined;
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    refuseNewerOrDamaged(file);
    db = new Database(file);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new JournalError('cannot-open', `The journal needs WAL mode, but SQLite chose "${String(mode)}" for ${file}.`);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // 64 MiB of page cache (SQLite's default is 2 MiB): at a million sessions the indexes keyed
    // by random sessionIds stay in memory, which keeps appends and screens quick.
    db.pragma(`cache_size = ${-CACHE_KIB}`);
    const migrated = migrate(db);
    claimEnvironment(db, environment, file);
    const store = new EventStore(db, { clock: options.clock ?? systemClock, businessDay, secretValues: options.secretValues });
    const journal = new Journal(db, { environment, file, businessDay, store, logger });
    logger.info('journal opened', { file, environment, schema: migrated.to, migratedFrom: migrated.from });
    return journal;
  } catch (error) {
    if (db?.open) db.close();
    const refusal = classifyOpenError(error, dataDir, file);
    logger.error('journal could not be opened', { file, code: refusal.code, message: refusal.message });
    throw refusal;
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
    throw new JournalError(
      'wrong-environment',
      `${file} holds the ${row?.value ?? 'unknown'} journal, not the ${environment} one; it was not opened.`,
    );
  }
}

/** Turns whatever opening failed with into a JournalError a person can act on. Exported for tests. */
export function classifyOpenError(error: unknown, dataDir: string, file: string): JournalError {
  if (error instanceof JournalError) return error;
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    return new JournalError('corrupt', `${file} is not a readable Cloud ECR journal (${message}). It was not changed; keep a copy for support.`, {
      cause: error,
    });
  }
  if (code.startsWith('SQLITE_READONLY') || ['EACCES', 'EPERM', 'EROFS'].includes(code) || (code.startsWith('SQLITE_CANTOPEN') && !writable(dataDir))) {
    return new JournalError('read-only', `The journal folder ${dataDir} cannot be written (${message}). Check its permissions or free the disk.`, {
      cause: error,
    });
  }
  return new JournalError('cannot-open', `The journal ${file} cannot be opened: ${message}`, { cause: error });
}

function writable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
