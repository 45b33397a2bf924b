import { describeEvent, type OutcomeKind } from './event-ids.ts';
import type { VivaSession } from './schemas.ts';

export interface SessionOutcome {
  kind: OutcomeKind;
  /** Viva's eventId, null when it sent none. */
  eventId: number | null;
  /** A sentence for the cashier. */
  message: string;
  /** Viva's own `message` text, for the journal and support. */
  vivaMessage: string | null;
}

/** What polling one session found. */
export type SessionLookup =
  | { status: 'pending' }
  | { status: 'final'; session: VivaSession; outcome: SessionOutcome }
  | { status: 'not-found' };

/**
 * The outcome of a finished session (`success` true or false).
 * - success true is approved whatever else it says: a card read before an abort is a payment.
 * - success false with `abortSuccess` true is aborted, whatever eventId came with it.
 * - otherwise the eventId decides (event-ids.ts); eventId 0 with success false is a failure.
 */
export function sessionOutcome(session: VivaSession & { success: boolean }): SessionOutcome {
  const vivaMessage = session.message;
  if (session.success) {
    return { kind: 'approved', eventId: session.eventId, message: describeEvent(0, null).message, vivaMessage };
  }
  if (session.abortSuccess === true) {
    return { kind: 'aborted', eventId: session.eventId, message: describeEvent(1016, null).message, vivaMessage };
  }
  // eventId 0 means success; with success false it says nothing, so it reads as "no code".
  const described = describeEvent(session.eventId === 0 ? null : session.eventId, vivaMessage);
  return { kind: described.kind, eventId: session.eventId, message: described.message, vivaMessage };
}

/**
 * A 200 session body to a lookup. A body without `success` is treated as still pending
 * (spec §2.5: never reported, but one client defends against it and so do we).
 */
export function lookupFromSession(session: VivaSession): SessionLookup {
  if (session.success === null) return { status: 'pending' };
  const finished = { ...session, success: session.success };
  return { status: 'final', session: finished, outcome: sessionOutcome(finished) };
}
