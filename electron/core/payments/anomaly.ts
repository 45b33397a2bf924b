import type { AnomalyKind, SessionRecord } from '../journal/index.ts';
import { sessionMismatches, type SessionMismatch, type VivaSession } from '../viva/index.ts';
import { vivaBody, type EngineContext } from './context.ts';

/**
 * Promise 9: an answer that does not fit its session is evidence, never an outcome. Each kind
 * is journaled once per session (a proxy that keeps sending the same foreign body does not fill
 * the journal); the caller keeps polling.
 */
export function recordAnomaly(
  context: EngineContext,
  sessionId: string,
  anomaly: AnomalyKind,
  details: { fields?: SessionMismatch[]; received?: VivaSession; message?: string } = {},
): void {
  let seen = context.anomalies.get(sessionId);
  if (!seen) {
    seen = new Set(context.journal.eventsOf(sessionId).flatMap((event) => (event.type === 'anomaly' ? [event.payload.anomaly] : [])));
    context.anomalies.set(sessionId, seen);
  }
  if (seen.has(anomaly)) return;
  seen.add(anomaly);
  context.logger.warn('an answer from Viva does not fit its session', { sessionId, anomaly, fields: details.fields?.map((f) => f.field) });
  context.append(sessionId, {
    type: 'anomaly',
    anomaly,
    ...(details.fields ? { fields: details.fields.map((f) => ({ field: f.field, expected: f.expected.slice(0, 1000), received: f.received?.slice(0, 1000) ?? null })) } : {}),
    ...(details.received ? { received: vivaBody(details.received) } : {}),
    ...(details.message ? { message: details.message.slice(0, 1000) } : {}),
  });
}

/**
 * Checks a final body against the session it answers; journals what does not fit. True when
 * the body may settle the session.
 */
export function bodyFits(context: EngineContext, record: SessionRecord, body: VivaSession): boolean {
  const mismatches = sessionMismatches(body, {
    sessionId: record.sessionId,
    terminalId: record.terminalId,
    cashRegisterId: record.cashRegisterId,
    amount: record.amount,
    tipAmount: record.tipAmount,
    currencyCode: record.currencyCode,
  });
  if (mismatches.length === 0) return true;
  const identity = mismatches.filter((m) => m.field === 'sessionId' || m.field === 'terminalId' || m.field === 'cashRegisterId');
  if (identity.length > 0) recordAnomaly(context, record.sessionId, 'other-session', { fields: identity, received: body });
  const amount = mismatches.filter((m) => m.field === 'amount');
  if (amount.length > 0) recordAnomaly(context, record.sessionId, 'amount-mismatch', { fields: amount, received: body });
  const currency = mismatches.filter((m) => m.field === 'currencyCode');
  if (currency.length > 0) recordAnomaly(context, record.sessionId, 'currency-mismatch', { fields: currency, received: body });
  return false;
}
