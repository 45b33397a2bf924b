import type { FinalState, SessionKind } from '../../domain/session-states.ts';
import { lookupFromSession, type OutcomeKind, type VivaSession } from '../viva/index.ts';

/**
 * How reconciliation reads one of Viva's session records: its outcome in the journal's words,
 * and, for a session the till never journaled, what it was and when it happened.
 */

/** The journal's final state for Viva's outcome; null while Viva has none (the session is still open there). */
export function vivaOutcome(session: VivaSession): FinalState | null {
  const lookup = lookupFromSession(session);
  return lookup.status === 'final' ? finalStateOf(lookup.outcome.kind) : null;
}

/** Same mapping as the engine's: a timeout or a busy terminal took no money, so it is a failure, not a decline. */
function finalStateOf(kind: OutcomeKind): FinalState {
  switch (kind) {
    case 'approved':
    case 'declined':
    case 'cancelled':
    case 'aborted':
      return kind;
    case 'timeout':
    case 'busy':
    case 'failed':
      return 'failed';
  }
}

/**
 * The kind of a session from Viva's record alone, which names no kind: pre-auth flag first, then
 * the transaction type (spec §5.3). A refund's parent is not in the record, so any refund is
 * journaled as unreferenced; anything else that moved money towards the merchant is a sale.
 */
export function vivaKind(session: VivaSession): SessionKind {
  if (session.preauth === true || session.transactionTypeId === 1) return 'preauth';
  if (session.transactionTypeId !== null && REFUND_TYPES.has(session.transactionTypeId)) return 'unreferenced-refund';
  return 'sale';
}

const REFUND_TYPES = new Set([4, 7, 8, 11, 13, 18, 61]);

/** When Viva says the payment happened, as a UTC ISO instant; null when its record has no usable time. */
export function vivaOccurredAt(session: VivaSession): string | null {
  const match = session.transactionDateTime === null ? null : ISO_LIKE.exec(session.transactionDateTime.trim());
  if (!match) return null;
  // .NET writes up to 7 fraction digits; a time without a zone is taken as UTC, never as this machine's zone.
  const [, base, fraction = '', zone] = match;
  const ms = Date.parse(`${base}.${fraction.padEnd(3, '0').slice(0, 3)}${zone ?? 'Z'}`);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

const ISO_LIKE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;

/** Viva's amount includes the tip (spec §3); the journal keeps them apart. */
export function vivaAmounts(session: VivaSession): { amount: number; tipAmount: number; total: number } {
  return { amount: session.amount - session.tipAmount, tipAmount: session.tipAmount, total: session.amount };
}
