import type { SessionRecord } from '../../journal/index.ts';
import { findCurrency } from '../../money.ts';
import { netEffect } from '../day-totals.ts';
import type { LocalClock } from '../../../domain/business-day.ts';
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

/** How each field of the row is read from the journal's record: the one mapping of a session to its export. */
export type ExportField<K extends keyof ExportRow> = (record: SessionRecord, clock: LocalClock) => ExportRow[K];

export const EXPORT_FIELDS: { readonly [K in keyof ExportRow]: ExportField<K> } = {
  businessDay: (record) => record.businessDay,
  sessionId: (record) => record.sessionId,
  kind: (record) => record.kind,
  state: (record) => record.state,
  createdAt: (record) => record.createdAt,
  localTime: (record, clock) => clock.dateTime(record.createdAt),
  finishedAt: (record) => record.finishedAt,
  terminalId: (record) => record.terminalId,
  cashRegisterId: (record) => record.cashRegisterId,
  currency: (record) => currencyOf(record.currencyCode)?.alpha ?? null,
  currencyCode: (record) => record.currencyCode,
  amount: (record) => record.amount,
  tipAmount: (record) => record.tipAmount,
  total: (record) => record.amount + record.tipAmount,
  netEffect: (record) => netEffect(record),
  cardBrand: (record) => record.cardBrand,
  maskedPan: (record) => maskedPanOnly(record.maskedPan),
  merchantReference: (record) => record.merchantReference,
  parentSessionId: (record) => record.parentSessionId,
  transactionId: (record) => record.transactionId,
  authorizationId: (record) => record.authorizationId,
  vivaEventId: (record) => record.vivaEventId,
  message: (record) => record.message,
  resolution: (record) => record.resolution,
  resolvedBy: (record) => record.resolvedBy,
  resolutionReason: (record) => record.resolutionReason,
  alert: (record) => record.alert,
};

const FIELD_NAMES = Object.keys(EXPORT_FIELDS) as (keyof ExportRow)[];

export function exportRow(record: SessionRecord, clock: LocalClock): ExportRow {
  const row: Partial<Record<keyof ExportRow, unknown>> = {};
  for (const name of FIELD_NAMES) row[name] = EXPORT_FIELDS[name](record, clock);
  return row as ExportRow;
}

// A year's export looks the same few codes up hundreds of thousands of times.
const currencies = new Map<string, ReturnType<typeof findCurrency>>();

export function currencyOf(code: string): ReturnType<typeof findCurrency> {
  if (!currencies.has(code)) currencies.set(code, findCurrency(code));
  return currencies.get(code);
}
