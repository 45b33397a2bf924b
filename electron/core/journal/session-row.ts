import type { SessionRecord } from './projection.ts';
import type { SessionKind, SessionState } from '../../domain/session-states.ts';

/** The `sessions` table's row, column for column. */
export interface SessionRow {
  session_id: string;
  kind: string;
  state: string;
  amount: number;
  tip_amount: number;
  currency_code: string;
  terminal_id: string;
  cash_register_id: string;
  merchant_reference: string | null;
  customer_trns: string | null;
  parent_session_id: string | null;
  business_day: string;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  viva_event_id: number | null;
  message: string | null;
  error: string | null;
  transaction_id: string | null;
  authorization_id: string | null;
  card_brand: string | null;
  masked_pan: string | null;
  pan_last4: string | null;
  abort_requested: number;
  alert: string | null;
  resolution: string | null;
  resolved_by: string | null;
  resolution_reason: string | null;
  rechecked_at: string | null;
  last_seq: number;
}

export const SESSION_COLUMNS = [
  'session_id',
  'kind',
  'state',
  'amount',
  'tip_amount',
  'currency_code',
  'terminal_id',
  'cash_register_id',
  'merchant_reference',
  'customer_trns',
  'parent_session_id',
  'business_day',
  'created_at',
  'updated_at',
  'finished_at',
  'viva_event_id',
  'message',
  'error',
  'transaction_id',
  'authorization_id',
  'card_brand',
  'masked_pan',
  'pan_last4',
  'abort_requested',
  'alert',
  'resolution',
  'resolved_by',
  'resolution_reason',
  'rechecked_at',
  'last_seq',
] as const satisfies readonly (keyof SessionRow)[];

/** A whole sessions row, positional parameters in SESSION_COLUMNS order (binding 30 named ones costs more): bind sessionValues(). */
export const INSERT_SESSION_SQL = `INSERT INTO sessions (${SESSION_COLUMNS.join(', ')}) VALUES (${SESSION_COLUMNS.map(() => '?').join(', ')})`;

/** The record as INSERT_SESSION_SQL's parameters. */
export function sessionValues(record: SessionRecord): unknown[] {
  const row = toSessionRow(record);
  return SESSION_COLUMNS.map((column) => row[column]);
}

export function toSessionRow(record: SessionRecord): SessionRow {
  return {
    session_id: record.sessionId,
    kind: record.kind,
    state: record.state,
    amount: record.amount,
    tip_amount: record.tipAmount,
    currency_code: record.currencyCode,
    terminal_id: record.terminalId,
    cash_register_id: record.cashRegisterId,
    merchant_reference: record.merchantReference,
    customer_trns: record.customerTrns,
    parent_session_id: record.parentSessionId,
    business_day: record.businessDay,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    finished_at: record.finishedAt,
    viva_event_id: record.vivaEventId,
    message: record.message,
    error: record.error,
    transaction_id: record.transactionId,
    authorization_id: record.authorizationId,
    card_brand: record.cardBrand,
    masked_pan: record.maskedPan,
    pan_last4: record.panLast4,
    abort_requested: record.abortRequested ? 1 : 0,
    alert: record.alert,
    resolution: record.resolution,
    resolved_by: record.resolvedBy,
    resolution_reason: record.resolutionReason,
    rechecked_at: record.recheckedAt,
    last_seq: record.lastSeq,
  };
}

export function fromSessionRow(row: SessionRow): SessionRecord {
  return {
    sessionId: row.session_id,
    kind: row.kind as SessionKind,
    state: row.state as SessionState,
    amount: row.amount,
    tipAmount: row.tip_amount,
    currencyCode: row.currency_code,
    terminalId: row.terminal_id,
    cashRegisterId: row.cash_register_id,
    merchantReference: row.merchant_reference,
    customerTrns: row.customer_trns,
    parentSessionId: row.parent_session_id,
    businessDay: row.business_day,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    vivaEventId: row.viva_event_id,
    message: row.message,
    error: row.error,
    transactionId: row.transaction_id,
    authorizationId: row.authorization_id,
    cardBrand: row.card_brand,
    maskedPan: row.masked_pan,
    panLast4: row.pan_last4,
    abortRequested: row.abort_requested !== 0,
    alert: row.alert,
    resolution: row.resolution,
    resolvedBy: row.resolved_by,
    resolutionReason: row.resolution_reason,
    recheckedAt: row.rechecked_at,
    lastSeq: row.last_seq,
  };
}
