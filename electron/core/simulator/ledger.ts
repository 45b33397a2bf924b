import { EVENT } from './event-ids.ts';
import { isDeclineEventId } from '../../domain/event-ids.ts';
import type { Result } from './scenarios.ts';
import type { Resolution, SessionStore, SimSession } from './sessions.ts';
import type { SessionKind } from '../../domain/session-states.ts';

/** How a session ended, as Viva reports it now ('pending' while it runs). */
export type Outcome = 'pending' | 'approved' | 'declined' | 'cancelled' | 'timed-out' | 'aborted' | 'busy' | 'failed';

/** What the record repeats of the session as it was asked for, unchanged. */
const AS_ASKED = [
  'sessionId',
  'kind',
  'terminalId',
  'cashRegisterId',
  'amount',
  'tipAmount',
  'currencyCode',
  'merchantReference',
  'parentSessionId',
  'source',
  'responseLost',
] as const satisfies readonly (keyof SimSession)[];

/**
 * The simulator's TRUE record of each session — what really happened, as opposed to what the
 * API reports (a flip reads "declined" while the money has moved). Crash and reconciliation
 * tests read this to prove "no double charge". `amount` is the total, tip included.
 */
export interface SimSessionRecord extends Pick<SimSession, (typeof AS_ASKED)[number]> {
  scenario: string;
  createdAt: string;
  state: 'pending' | 'final';
  /** What Viva reports now. */
  outcome: Outcome;
  eventId: number | null;
  finishedAt: string | null;
  /** Money moved at the acquirer (charged, held or refunded). */
  moneyMoved: boolean;
  /** The cardholder was debited: a sale or a pre-auth completion whose money moved. */
  charged: boolean;
  abortRequestedAt: string | null;
}

export interface Ledger {
  /** Sessions that debited a cardholder. */
  charges: number;
  chargedAmount: number;
  refunds: number;
  refundedAmount: number;
  /** Pre-authorisations holding money. */
  holds: number;
  heldAmount: number;
  /** sessionId -> whether money moved, for every session. */
  moneyMoved: Record<string, boolean>;
}

const CHARGE_KINDS: readonly SessionKind[] = ['sale', 'preauth-completion'];
const REFUND_KINDS: readonly SessionKind[] = ['refund', 'unreferenced-refund'];

export function outcomeOf(result: Result): Exclude<Outcome, 'pending'> {
  if (result.success) return 'approved';
  switch (result.eventId) {
    case EVENT.cancelledByUser:
      return 'cancelled';
    case EVENT.terminalTimedOut:
      return 'timed-out';
    case EVENT.aborted:
      return 'aborted';
    case EVENT.busy:
      return 'busy';
    default:
      return isDeclineEventId(result.eventId) ? 'declined' : 'failed';
  }
}

export function sessionRecord(session: SimSession, r: Resolution): SimSessionRecord {
  const final = r.state === 'final' ? r : undefined;
  const moneyMoved = final?.moneyMoved ?? false;
  const asAsked = Object.fromEntries(AS_ASKED.map((field) => [field, session[field]])) as Pick<SimSession, (typeof AS_ASKED)[number]>;
  return {
    ...asAsked,
    scenario: session.plan.scenario,
    createdAt: new Date(session.createdAt).toISOString(),
    state: r.state,
    outcome: final ? outcomeOf(final.result) : 'pending',
    eventId: final ? (final.result.success ? 0 : final.result.eventId) : null,
    finishedAt: final ? new Date(final.finishedAt).toISOString() : null,
    moneyMoved,
    charged: moneyMoved && CHARGE_KINDS.includes(session.kind),
    abortRequestedAt: session.abort ? new Date(session.abort.at).toISOString() : null,
  };
}

export function ledger(store: SessionStore, now: number): Ledger {
  const out: Ledger = { charges: 0, chargedAmount: 0, refunds: 0, refundedAmount: 0, holds: 0, heldAmount: 0, moneyMoved: {} };
  for (const session of store.all()) {
    const r = store.resolve(session, now);
    const moved = r.state === 'final' && r.moneyMoved;
    out.moneyMoved[session.sessionId] = moved;
    if (!moved) continue;
    if (CHARGE_KINDS.includes(session.kind)) {
      out.charges += 1;
      out.chargedAmount += session.amount;
    } else if (REFUND_KINDS.includes(session.kind)) {
      out.refunds += 1;
      out.refundedAmount += session.amount;
    } else {
      out.holds += 1;
      out.heldAmount += session.amount;
    }
  }
  return out;
}
