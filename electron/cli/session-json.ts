import type { SessionRecord } from '../domain/session-record.ts';
import { findCurrency } from '../core/money.ts';

/**
 * The journal's fields the CLI prints with --json, unchanged. Only what a receipt may show of the
 * card (brand and last four digits): `maskedPan`, `customerTrns` and the bookkeeping (`lastSeq`,
 * `updatedAt`, `recheckedAt`) stay out, so a field added to SessionRecord reaches scripts only when
 * it is named here.
 */
export const SESSION_JSON_FIELDS = [
  'sessionId',
  'kind',
  'state',
  'amount',
  'tipAmount',
  'currencyCode',
  'terminalId',
  'cashRegisterId',
  'merchantReference',
  'parentSessionId',
  'businessDay',
  'message',
  'error',
  'transactionId',
  'authorizationId',
  'cardBrand',
  'panLast4',
  'abortRequested',
  'alert',
  'resolution',
  'resolvedBy',
  'resolutionReason',
  'createdAt',
  'finishedAt',
] as const satisfies readonly (keyof SessionRecord)[];

type ShownFields = Pick<SessionRecord, (typeof SESSION_JSON_FIELDS)[number]>;

/**
 * One journaled session as the CLI prints it with --json: a stable, flat document for scripts.
 * Amounts are integer minor units (1250 = 12.50), as everywhere in the till.
 */
export type SessionJson = ShownFields & {
  /** ISO 4217 alphabetic ("EUR") beside Viva's numeric `currencyCode`; null for a code the currency table does not know. */
  currency: string | null;
  /** SessionRecord's `vivaEventId`: Viva's eventId of the last session body (0 = success), null before there is one. */
  eventId: SessionRecord['vivaEventId'];
};

export function sessionJson(record: SessionRecord): SessionJson {
  const shown = Object.fromEntries(SESSION_JSON_FIELDS.map((field) => [field, record[field]])) as ShownFields;
  return { ...shown, currency: findCurrency(record.currencyCode)?.alpha ?? null, eventId: record.vivaEventId };
}
