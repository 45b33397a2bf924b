import type { SessionRecord } from '../core/journal/index.ts';
import type { SessionKind, SessionState } from '../domain/session-states.ts';
import { findCurrency } from '../core/money.ts';

/**
 * One journaled session as the CLI prints it with --json: a stable, flat document for scripts.
 * Amounts are integer minor units (1250 = 12.50), as everywhere in the till; `currency` adds the
 * alphabetic code beside Viva's numeric one. Only what a receipt may show of the card (brand and
 * last four digits); never a token or a secret, which the journal does not hold anyway.
 */
export interface SessionJson {
  sessionId: string;
  kind: SessionKind;
  state: SessionState;
  amount: number;
  tipAmount: number;
  /** ISO 4217 numeric, as Viva sends it ("978"). */
  currencyCode: string;
  /** ISO 4217 alphabetic ("EUR"), null for a code the currency table does not know. */
  currency: string | null;
  terminalId: string;
  cashRegisterId: string;
  merchantReference: string | null;
  parentSessionId: string | null;
  businessDay: string;
  /** Viva's eventId of the last session body (0 = success), null before there is one. */
  eventId: number | null;
  message: string | null;
  error: string | null;
  transactionId: string | null;
  authorizationId: string | null;
  cardBrand: string | null;
  panLast4: string | null;
  abortRequested: boolean;
  alert: string | null;
  resolution: string | null;
  resolvedBy: string | null;
  resolutionReason: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export function sessionJson(record: SessionRecord): SessionJson {
  return {
    sessionId: record.sessionId,
    kind: record.kind,
    state: record.state,
    amount: record.amount,
    tipAmount: record.tipAmount,
    currencyCode: record.currencyCode,
    currency: findCurrency(record.currencyCode)?.alpha ?? null,
    terminalId: record.terminalId,
    cashRegisterId: record.cashRegisterId,
    merchantReference: record.merchantReference,
    parentSessionId: record.parentSessionId,
    businessDay: record.businessDay,
    eventId: record.vivaEventId,
    message: record.message,
    error: record.error,
    transactionId: record.transactionId,
    authorizationId: record.authorizationId,
    cardBrand: record.cardBrand,
    panLast4: record.panLast4,
    abortRequested: record.abortRequested,
    alert: record.alert,
    resolution: record.resolution,
    resolvedBy: record.resolvedBy,
    resolutionReason: record.resolutionReason,
    createdAt: record.createdAt,
    finishedAt: record.finishedAt,
  };
}
