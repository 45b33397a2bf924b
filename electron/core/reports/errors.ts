import { CodedError } from '../../domain/coded-error.ts';

/**
 * Every refusal from reconciliation and end-of-day is a ReportError with a `code` the caller can
 * switch on (and send across IPC) and a message a person can act on. A refused call writes nothing.
 */
export type ReportErrorCode =
  /** A day, an id, an action or a reason is malformed or missing. */
  | 'invalid-input'
  /** No difference with this id on that day (any more). */
  | 'unknown-difference'
  /** The difference cannot be resolved that way (e.g. accepting "Viva has nothing" for an approved payment). */
  | 'not-resolvable'
  /** Resolving needs Viva's current record, and Viva could not be reached. */
  | 'viva-unreachable'
  /** Starting a refund needs the payment engine, which this caller did not provide. */
  | 'refund-unavailable'
  /** The day already has a Z report. */
  | 'day-closed'
  /** Closing is refused while payments of the day have an unknown outcome (unless overridden with a reason). */
  | 'unknown-sessions'
  /** Closing is refused while payments of the day are still on a terminal. */
  | 'sessions-in-progress';

export class ReportError extends CodedError<ReportErrorCode> {
  override name = 'ReportError';
}

export function isReportError(error: unknown, code?: ReportErrorCode): error is ReportError {
  return error instanceof ReportError && (code === undefined || error.code === code);
}
