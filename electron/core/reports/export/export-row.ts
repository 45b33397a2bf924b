import type { SessionRecord } from '../../journal/index.ts';
import { findCurrency } from '../../money.ts';
import { netEffect } from '../day-totals.ts';
import type { LocalClock } from '../local-time.ts';
import { maskedPanOnly } from '../masked-pan.ts';

/**
 * One exported session: what the CSV (one row each) and the JSON export (`sessions`) carry.
 * Only fields a bookkeeper needs and the journal holds: no secret ever reaches the journal,
 * and the card number only as Viva masks it (masked-pan.ts). The customer description
 * (`customerTrns`, which may name a person) is left out.
 */
export interface ExportRow {
  businessDay: string;
  sessionId: string;
  kind: string;
  state: string;
  /** UTC ISO 8601. */
  createdAt: string;
  /** createdAt on the business day's wall clock ("2026-03-10 14:05:09"). */
  localTime: string;
  finishedAt: string | null;
  terminalId: string;
  cashRegisterId: string;
  /** ISO 4217 alphabetic; null for a code the currency table does not know. */
  currency: string | null;
  /** ISO 4217 numeric ("978"). */
  currencyCode: string;
  /** Minor units, tip excluded. */
  amount: number;
  tipAmount: number;
  /** amount + tipAmount. */
  total: number;
  /** What the session did to the day's money: +total for a paid sale, -amount for a paid refund, else 0. */
  netEffect: number;
  cardBrand: string | null;
  maskedPan: string | null;
  merchantReference: string | null;
  parentSessionId: string | null;
  transactionId: string | null;
  authorizationId: string | null;
  vivaEventId: number | null;
  message: string | null;
  resolution: string | null;
  resolvedBy: string | null;
  resolutionReason: string | null;
  alert: string | null;
}

export function exportRow(record: SessionRecord, clock: LocalClock): ExportRow {
  return {
    businessDay: record.businessDay,
    sessionId: record.sessionId,
    kind: record.kind,
    state: record.state,
    createdAt: record.createdAt,
    localTime: clock.dateTime(record.createdAt),
    finishedAt: record.finishedAt,
    terminalId: record.terminalId,
    cashRegisterId: record.cashRegisterId,
    currency: currencyOf(record.currencyCode)?.alpha ?? null,
    currencyCode: record.currencyCode,
    amount: record.amount,
    tipAmount: record.tipAmount,
    total: record.amount + record.tipAmount,
    netEffect: netEffect(record),
    cardBrand: record.cardBrand,
    maskedPan: maskedPanOnly(record.maskedPan),
    merchantReference: record.merchantReference,
    parentSessionId: record.parentSessionId,
    transactionId: record.transactionId,
    authorizationId: record.authorizationId,
    vivaEventId: record.vivaEventId,
    message: record.message,
    resolution: record.resolution,
    resolvedBy: record.resolvedBy,
    resolutionReason: record.resolutionReason,
    alert: record.alert,
  };
}

// A year's export looks the same few codes up hundreds of thousands of times.
const currencies = new Map<string, ReturnType<typeof findCurrency>>();

export function currencyOf(code: string): ReturnType<typeof findCurrency> {
  if (!currencies.has(code)) currencies.set(code, findCurrency(code));
  return currencies.get(code);
}
