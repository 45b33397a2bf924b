import type { MessageId } from '../../domain/messages.ts';
import { JournalError, type JournalWriteFaultCode } from './errors.ts';

/** What the journal was doing when SQLite failed, named by its phrase in the catalogue. */
export type JournalOperation = Extract<MessageId, `journal.op.${string}`>;

/**
 * What a SQLite (or file-system) error means for the person at the till. better-sqlite3 throws
 * SqliteError with SQLite's extended result code as `code` ('SQLITE_IOERR_WRITE',
 * 'SQLITE_READONLY_DBMOVED'...); the file system's own errors carry errno names ('EROFS').
 * Only the journal's public methods call this (journal.ts), so it is the one place where
 * SQLite's words turn into ours.
 */
export interface SqliteErrorContext {
  /** What the journal was doing: a phrase of the catalogue ("record a session event"). */
  operation: JournalOperation;
  file: string;
  /** A failed write wrote nothing: say so. */
  write: boolean;
}

/** The fault class of a SQLite/errno code, or undefined for anything else (a bug, a constraint). */
export function faultCodeOf(error: unknown): JournalWriteFaultCode | undefined {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'disk-full';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'read-only';
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) return 'corrupt';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code === 'EIO') return 'io';
  return undefined;
}

/**
 * Turns a SQLite fault into a JournalError with a sentence a person can act on, keeping the
 * original as `cause`. A JournalError (the journal's own refusal) and anything that is not a
 * fault of the file or the machine (a programming error) are returned as they are.
 */
export function classifySqliteError(error: unknown, context: SqliteErrorContext): unknown {
  if (error instanceof JournalError) return error;
  const fault = faultCodeOf(error);
  if (!fault) return error;
  const { operation, file } = context;
  const detail = `(${String((error as { code?: unknown }).code)}: ${error instanceof Error ? error.message : String(error)})`;
  const id = context.write ? (`journal.write-fault.${fault}` as const) : (`journal.read-fault.${fault}` as const);
  return new JournalError(fault, { id, params: { operationPhrase: operation, file }, detail }, { cause: error });
}
