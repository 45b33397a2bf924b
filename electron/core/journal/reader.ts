import Database from 'better-sqlite3';
import type { SessionRecord } from './projection.ts';
import { ReadModel } from './read-model.ts';

/**
 * A second, read-only connection to a journal file, for work that runs beside the till on
 * another thread (a year's export split over two cores). It reads what committed transactions
 * wrote (WAL), never writes, and runs no migration: the file must be open in the app already.
 */
export interface JournalReader {
  sessionsOfBusinessDaysPage(fromDay: string, toDay: string, after: SessionRecord | null, limit: number): SessionRecord[];
  close(): void;
}

/** As the app's own connection (database.ts); kept here so a worker loads only what it reads with. */
const BUSY_TIMEOUT_MS = 5000;

export function openJournalReader(file: string): JournalReader {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const queries = new ReadModel(db);
  return {
    sessionsOfBusinessDaysPage: (fromDay, toDay, after, limit) => queries.sessionsOfBusinessDaysPage(fromDay, toDay, after, limit),
    close: () => db.close(),
  };
}
