import type { SessionRecord } from '../journal/index.ts';
import type { SessionLookup } from '../viva/index.ts';
import { bodyFits } from './anomaly.ts';
import { vivaBody, type EngineContext } from './context.ts';
import { finalStateOf } from './outcome-state.ts';

type Final = Extract<SessionLookup, { status: 'final' }>;
export type SettleSource = 'get-session' | 'sessions-by-date';

/**
 * Journals the outcome Viva reported for a session: `poll-result` while the till was waiting for
 * it, `recovered` when the session had become `unknown`. A body that names another session,
 * terminal, cash register, amount or currency settles nothing: it is journaled as an anomaly and
 * undefined is returned, so the caller keeps asking (promise 9). A payment that went through
 * after an abort is raised for a person to see (promise 4).
 */
export function settle(context: EngineContext, record: SessionRecord, lookup: Final, source: SettleSource): SessionRecord | undefined {
  if (!bodyFits(context, record, lookup.session)) return undefined;
  const outcome = finalStateOf(lookup.outcome.kind);
  const viva = vivaBody(lookup.session);
  const settled =
    record.state === 'unknown'
      ? context.append(record.sessionId, { type: 'recovered', outcome, source, viva, message: lookup.outcome.message })
      : context.append(record.sessionId, { type: 'poll-result', outcome, viva });
  context.clocks.forget(record.sessionId);
  if (outcome === 'approved' && record.abortRequested) {
    return raise(context, settled, 'paid-after-abort', 'The customer paid although the payment was cancelled. Refund it if the customer should not be charged.');
  }
  return settled;
}

export function raise(context: EngineContext, record: SessionRecord, alert: string, message: string): SessionRecord {
  const updated = context.append(record.sessionId, { type: 'alert', alert, message });
  context.emitter.emit('alert', { sessionId: record.sessionId, alert, message, session: updated });
  return updated;
}
