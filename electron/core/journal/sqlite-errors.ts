import { JournalError, type JournalWriteFaultCode } from './errors.ts';

/**
 * What a SQLite (or file-system) error means for the person at the till. better-sqlite3 throws
 * SqliteError with SQLite's extended result code as `code` ('SQLITE_IOERR_WRITE',
 * 'SQLITE_READONLY_DBMOVED'...); the file system's own errors carry errno names ('EROFS').
 * Only the journal's public methods call this (journal.ts), so it is the one place where
 * SQLite's words turn into ours.
 */
export interface SqliteErrorContext {
  /** What the journal was doing, as a verb phrase: "record a session event". */
  operation: string;
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
  const detail = `${String((error as { code?: unknown }).code)}: ${error instanceof Error ? error.message : String(error)}`;
  const nothing = context.write ? ' Nothing was written.' : '';
  const sentences: Record<JournalWriteFaultCode, string> = {
    'disk-full':
      `Cloud ECR could not ${operation}: the disk that holds the journal is full, or the journal reached its size limit (${file}).${nothing} ` +
      'Free some disk space, then try again.',
    busy:
      `Cloud ECR could not ${operation}: another program held the journal's write lock for more than a few seconds (${file}).${nothing} ` +
      'Close other Cloud ECR windows or tools using this file (a backup or sync program can hold it too), then try again.',
    'read-only':
      `Cloud ECR could not ${operation}: the journal or its folder cannot be written (${file}).${nothing} ` +
      'Check the permissions of the file and its folder, and that the disk is not mounted read-only; reading still works.',
    corrupt:
      `Cloud ECR could not ${operation}: the journal file is damaged (${file}).${nothing} ` +
      'Keep a copy of the file, restore the journal from a backup or contact support; what can still be read stays readable.',
    io:
      `Cloud ECR could not ${operation}: the operating system failed to read or write the journal (${file}).${nothing} ` +
      'Check the disk (an external or network drive that went away?), then try again.',
  };
  return new JournalError(fault, `${sentences[fault]} (${detail})`, { cause: error });
}
