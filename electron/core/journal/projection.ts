import { JournalError } from './errors.ts';
import type { JournalEvent } from './event-schemas.ts';
import { isFinalState } from '../../domain/session-states.ts';
import type { SessionRecord } from '../../domain/session-record.ts';

export type { SessionRecord };
import { nextState } from './transitions.ts';

/** Folds one event into a session (null before `created`). Pure; refuses illegal transitions. */
export function applyEvent(current: SessionRecord | null, event: JournalEvent): SessionRecord {
  const expectedSeq = current === null ? 1 : current.lastSeq + 1;
  if (event.seq !== expectedSeq) {
    throw new JournalError('corrupt', { id: 'journal.seq-gap', params: { session: event.sessionId, seq: event.seq, expected: expectedSeq } });
  }
  if (current !== null && event.sessionId !== current.sessionId) {
    throw new JournalError('corrupt', { id: 'journal.event-of-other-session', params: { event: event.id, session: event.sessionId, expected: current.sessionId } });
  }
  const state = nextState(current?.state ?? null, event);

  if (event.type === 'created' || event.type === 'imported') {
    const p = event.payload;
    const record: SessionRecord = {
      sessionId: event.sessionId,
      kind: p.kind,
      state,
      amount: p.amount,
      tipAmount: p.tipAmount,
      currencyCode: p.currencyCode,
      terminalId: p.terminalId,
      cashRegisterId: p.cashRegisterId,
      merchantReference: p.merchantReference,
      customerTrns: p.customerTrns,
      parentSessionId: p.parentSessionId,
      businessDay: p.businessDay,
      createdAt: event.at,
      updatedAt: event.at,
      finishedAt: null,
      vivaEventId: null,
      message: null,
      error: null,
      transactionId: null,
      authorizationId: null,
      cardBrand: null,
      maskedPan: null,
      panLast4: null,
      abortRequested: false,
      alert: null,
      resolution: null,
      resolvedBy: null,
      resolutionReason: null,
      recheckedAt: null,
      lastSeq: event.seq,
    };
    if (event.type === 'imported') {
      // Taken from Viva's record: it happened when Viva says, and it is already final. The
      // reconciliation that imported it was its re-check (promise 7), so the engine leaves it be.
      const at = event.payload.occurredAt ?? event.at;
      Object.assign(record, vivaFields(event.payload.viva), {
        createdAt: at,
        finishedAt: at,
        resolution: event.payload.disposition === 'own' ? 'imported' : 'imported-foreign',
        resolvedBy: event.payload.operator,
        resolutionReason: event.payload.reason ?? null,
        recheckedAt: event.at,
      });
    }
    return record;
  }
  if (current === null) throw new Error('unreachable: nextState accepts only created or imported first');

  const next: SessionRecord = { ...current, state, updatedAt: event.at, lastSeq: event.seq };
  if (state !== current.state) next.finishedAt = isFinalState(state) ? event.at : null;

  switch (event.type) {
    case 'dispatch-uncertain':
      next.error = event.payload.errorClass;
      next.message = event.payload.message ?? null;
      break;
    case 'dispatch-refused':
      next.error = event.payload.reason;
      next.message = event.payload.message ?? null;
      break;
    case 'poll-result':
      Object.assign(next, vivaFields(event.payload.viva));
      break;
    case 'abort-wanted':
    case 'abort-requested':
      next.abortRequested = true;
      break;
    case 'deadline-passed':
      next.error = 'deadline-passed';
      break;
    case 'recovered':
      next.resolution = event.payload.source;
      if (event.payload.viva) Object.assign(next, vivaFields(event.payload.viva));
      else if (event.payload.message !== undefined) next.message = event.payload.message;
      break;
    case 'resolved-by-operator':
      next.resolution = 'operator';
      next.resolvedBy = event.payload.operator;
      next.resolutionReason = event.payload.reason;
      break;
    case 'late-success':
      next.resolution = event.payload.source;
      next.recheckedAt = event.at;
      if (event.payload.viva) Object.assign(next, vivaFields(event.payload.viva));
      else if (event.payload.message !== undefined) next.message = event.payload.message;
      break;
    case 'alert':
      next.alert = event.payload.alert;
      break;
    case 'recheck':
      if (event.payload.source !== 'watch') next.recheckedAt = event.at;
      break;
    case 'not-paid':
      // The reconciliation that found no record at Viva was this session's re-check (promise 7).
      next.resolution = 'not-paid';
      next.resolvedBy = event.payload.operator;
      next.resolutionReason = event.payload.reason ?? null;
      next.recheckedAt = event.at;
      // Viva's "approved" message no longer describes the session; its body stays in the history.
      next.message = null;
      break;
    case 'amount-corrected':
      next.amount = event.payload.amount;
      next.tipAmount = event.payload.tipAmount;
      next.currencyCode = event.payload.currencyCode;
      Object.assign(next, vivaFields(event.payload.viva));
      break;
    case 'explained':
    case 'decision':
    case 'dispatching':
    case 'dispatched':
    case 'abort-result':
      break;
  }
  return next;
}

/** The session a complete, ordered history folds into. */
export function replaySession(events: readonly JournalEvent[]): SessionRecord {
  let record: SessionRecord | null = null;
  for (const event of events) record = applyEvent(record, event);
  if (record === null) throw new JournalError('invalid-input', { id: 'journal.no-created-event' });
  return record;
}

type VivaFields = Pick<SessionRecord, 'vivaEventId' | 'message' | 'transactionId' | 'authorizationId' | 'cardBrand' | 'maskedPan' | 'panLast4'>;

/** The fields screens show, read defensively: Viva's bodies are not guaranteed to be complete. */
export function vivaFields(body: Record<string, unknown>): VivaFields {
  const maskedPan = text(body.primaryAccountNumberMasked);
  return {
    vivaEventId: typeof body.eventId === 'number' && Number.isInteger(body.eventId) ? body.eventId : null,
    message: text(body.message),
    transactionId: text(body.transactionId),
    authorizationId: text(body.authorizationId),
    cardBrand: text(body.applicationLabel),
    maskedPan,
    panLast4: maskedPan === null ? null : (/(\d{4})$/.exec(maskedPan)?.[1] ?? null),
  };
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}
