import type { SessionKind, SessionState } from './session-states.ts';

/**
 * A session as the screens see it: the fold of its events. The `sessions` table stores this
 * fold so screens need not replay; `replaySession` (core/journal/projection.ts) recomputes it, and verify() compares the two.
 * In the domain because every layer shows it: the core folds it, IPC carries it, the CLI prints it.
 */
export interface SessionRecord {
  sessionId: string;
  kind: SessionKind;
  state: SessionState;
  /** Integer minor units, as requested. */
  amount: number;
  tipAmount: number;
  /** ISO 4217 numeric ("978"). */
  currencyCode: string;
  terminalId: string;
  cashRegisterId: string;
  merchantReference: string | null;
  customerTrns: string | null;
  parentSessionId: string | null;
  /** YYYY-MM-DD, fixed at creation from the business-day settings of the time. */
  businessDay: string;
  /** UTC ISO 8601 with milliseconds. */
  createdAt: string;
  updatedAt: string;
  /** When the session reached its current final state; null while it is open. */
  finishedAt: string | null;
  /** Viva's `eventId` from the last session body (0 = success). */
  vivaEventId: number | null;
  /** Viva's `message`, or our own words for an error that came from the client. */
  message: string | null;
  /** The error class or reason of the last dispatch problem, 'deadline-passed'... */
  error: string | null;
  transactionId: string | null;
  authorizationId: string | null;
  /** Viva's `applicationLabel` (VISA, MASTERCARD...). */
  cardBrand: string | null;
  /** Viva's `primaryAccountNumberMasked` (414746XXXXXX0133): never a full number. */
  maskedPan: string | null;
  panLast4: string | null;
  abortRequested: boolean;
  /** The last alert raised on this session ('paid-after-abort'...). */
  alert: string | null;
  /**
   * How an unknown or late outcome was settled: 'get-session', 'sessions-by-date', 'not-found',
   * 'operator', 'recheck', 'reconciliation'; for a session taken from Viva's record at
   * reconciliation, 'imported' (accepted as this till's) or 'imported-foreign' (kept as evidence,
   * not counted: resolutionReason says why); 'not-paid' for an approval a person found Viva has
   * no record of (now failed).
   */
  resolution: string | null;
  resolvedBy: string | null;
  resolutionReason: string | null;
  /** When a re-check (promise 7) last looked at this session. */
  recheckedAt: string | null;
  /** The seq of the last event folded in; the next event gets lastSeq + 1. */
  lastSeq: number;
}
