/**
 * Every refusal from the journal is a JournalError with a `code` the caller can switch on
 * (and send across IPC), and a message a person can act on. A refused call writes nothing.
 */
export type JournalErrorCode =
  /** The file was written by a newer Cloud ECR; it was left untouched. */
  | 'newer-schema'
  /** The file is not a SQLite database, or is damaged. */
  | 'corrupt'
  /** The data folder or the file cannot be written. */
  | 'read-only'
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

export class JournalError extends Error {
  override name = 'JournalError';
  readonly code: JournalErrorCode;

  constructor(code: JournalErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isJournalError(error: unknown, code?: JournalErrorCode): error is JournalError {
  return error instanceof JournalError && (code === undefined || error.code === code);
}
