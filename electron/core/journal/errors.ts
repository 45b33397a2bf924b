import { CodedError } from '../../domain/coded-error.ts';

/**
 * Every refusal from the journal is a JournalError with a `code` the caller can switch on
 * (and send across IPC), and a message a person can act on. A refused call writes nothing.
 */
export type JournalErrorCode =
  /** The file was written by a newer Cloud ECR; it was left untouched. */
  | 'newer-schema'
  /** The file is not a SQLite database, or is damaged (SQLITE_CORRUPT, SQLITE_NOTADB, a failed quick_check at open). */
  | 'corrupt'
  /** The data folder or the file cannot be written (SQLITE_READONLY*, EACCES, EROFS), or the journal was opened read-only. */
  | 'read-only'
  /** The disk is full, or the journal reached its size limit (SQLITE_FULL). */
  | 'disk-full'
  /** Another process held the write lock longer than the busy timeout (SQLITE_BUSY, SQLITE_LOCKED). */
  | 'busy'
  /** The operating system failed to read or write the file (SQLITE_IOERR*). */
  | 'io'
  /** A read-only open found no journal file (readOnly never creates one). */
  | 'not-found'
  /** The file cannot be opened for another reason (missing folder, a file where a folder should be...). */
  | 'cannot-open'
  /** The file belongs to another environment (e.g. a production journal opened as the simulator's). */
  | 'wrong-environment'
  /** A request, an event or a query argument is malformed. */
  | 'invalid-input'
  /** A session with this sessionId is already journaled. */
  | 'duplicate-session'
  /** No session with this sessionId is journaled. */
  | 'unknown-session'
  /** The event is not allowed in the session's current state (transitions.ts). */
  | 'illegal-transition'
  /** Something that looks like a credential was about to be written. */
  | 'secret-in-payload'
  /** The business-day settings (time zone, cut-off hour) or a day string are invalid. */
  | 'invalid-business-day'
  /** The business day already has a Z report. */
  | 'day-closed'
  /** The journal was closed. */
  | 'closed';

export class JournalError extends CodedError<JournalErrorCode> {
  override name = 'JournalError';

  /** Whether the same call may succeed later without anyone repairing the file (sqlite-errors.ts). */
  get retryable(): boolean {
    return RETRYABLE_CODES.has(this.code);
  }
}

/**
 * The faults of the file or the machine, as opposed to the journal's own refusals: a write that
 * failed with one of these wrote nothing, and the same write is worth keeping and trying again
 * (the payment engine does, for an outcome it learned but could not journal).
 */
export const WRITE_FAULT_CODES = ['disk-full', 'busy', 'read-only', 'io', 'corrupt'] as const satisfies readonly JournalErrorCode[];
export type JournalWriteFaultCode = (typeof WRITE_FAULT_CODES)[number];

/** Space can be freed, a lock released, a permission fixed, a disk reconnected; a damaged file stays damaged. */
const RETRYABLE_CODES: ReadonlySet<JournalErrorCode> = new Set<JournalErrorCode>(['disk-full', 'busy', 'read-only', 'io']);

/** True for exactly the five write-fault codes: the journal could not write, through no fault of the caller's input. */
export function isJournalWriteFault(error: unknown): error is JournalError & { code: JournalWriteFaultCode } {
  return error instanceof JournalError && (WRITE_FAULT_CODES as readonly string[]).includes(error.code);
}

/** A write fault that may heal on its own (disk-full, busy, read-only, io): retry with backoff. */
export function isRetryableJournalFault(error: unknown): error is JournalError & { code: JournalWriteFaultCode } {
  return isJournalWriteFault(error) && error.retryable;
}

export function isJournalError(error: unknown, code?: JournalErrorCode): error is JournalError {
  return error instanceof JournalError && (code === undefined || error.code === code);
}
