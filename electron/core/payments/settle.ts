import type { SessionRecord } from '../journal/index.ts';
import type { SessionLookup } from '../viva/index.ts';
import { vivaBody, type EngineContext } from './context.ts';
import { finalStateOf } from './outcome-state.ts';

type Final = Extract<SessionLookup, { status: 'final' }>;
export type SettleSource = 'get-session' | 'sessions-by-date';

/**
 * Journals the outcome Viva reported for a session: `poll-result` while the till was waiting for
 * it, `recovered` when the session had become `unknown`. Then raises what a person must see:
 * a payment that went through after an abort (promise 4), or one whose amount is not what the
 * till asked for.
 */
export function settle(context: EngineContext, record: SessionRecord, lookup: Final, source: SettleSource): SessionRecord {
  const outcome = finalStateOf(lookup.outcome.kind);
  const viva = vivaBody(lookup.session);
  const settled =
    record.state === 'unknown'
      ? context.append(record.sessionId, { type: 'recovered', outcome, source, viva, message: lookup.outcome.message })
      : context.append(record.sessionId, { type: 'poll-result', outcome, viva });
  if (outcome !== 'approved') return settled;

  if (record.abortRequested) {
    raise(context, settled, 'paid-after-abort', 'The customer paid although the payment was cancelled. Refund it if the customer should not be charged.');
  }
  // Viva's amount includes the tip; whether the request's amount did is unconfirmed (spec §10.5), so both readings pass.
  const charged = lookup.session.amount;
  if (charged !== record.amount && charged !== record.amount + record.tipAmount) {
    raise(context, settled, 'amount-mismatch', `Viva charged ${charged} minor units, but the till asked for ${record.amount + record.tipAmount}. Check the payment before handing over goods.`);
  }
  if (lookup.session.currencyCode !== record.currencyCode) {
    raise(context, settled, 'amount-mismatch', `Viva charged in currency ${lookup.session.currencyCode}, but the till asked for ${record.currencyCode}.`);
  }
  return settled;
}

export function raise(context: EngineContext, record: SessionRecord, alert: string, message: string): SessionRecord {
  const updated = context.append(record.sessionId, { type: 'alert', alert, message });
  context.emitter.emit('alert', { sessionId: record.sessionId, alert, message, session: updated });
  return updated;
}
