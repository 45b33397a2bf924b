import type { Journal, JournalEvent, SessionRecord } from '../journal/index.ts';
import type { EngineConfig } from './config.ts';
import { findCurrency } from '../money.ts';
import { PaymentError } from './errors.ts';

/**
 * The checks that decide whether a new request may be journaled, run inside the same exclusive
 * transaction as its `created` row, so two requests (two windows, the app and the CLI) cannot
 * both see a free terminal or the same refundable remainder.
 */

/** Promise 3: one open session per terminal. A young `unknown` session may still be live on it. */
export function assertTerminalFree(journal: Journal, terminalId: string, ageOf: (record: SessionRecord) => number, config: EngineConfig): void {
  const open = journal.openSessionForTerminal(terminalId, { includeUnknown: true });
  if (!open) return;
  // The age on the monotonic clock (session-clocks.ts): a wall-clock step neither frees a terminal early nor keeps it blocked.
  const mayBeLive = open.state !== 'unknown' || ageOf(open) < config.deadlineMs + config.abortGraceMs;
  if (mayBeLive) {
    throw new PaymentError(
      'terminal-busy',
      { id: 'payment.terminal-busy', params: { terminal: terminalId, session: open.sessionId.slice(0, 8), state: open.state } },
    );
  }
}

/**
 * A retry of a sale whose outcome is unknown is refused until that outcome is settled: the
 * customer may already have paid it (promise 2 in the cashier's hands). A new sale is taken for
 * a retry of an unknown sale when
 * - it names the same merchantReference (on any terminal): the sale's own name; or
 * - neither names a reference, and it asks the same total (amount + tip) in the same currency on
 *   the same terminal: without a reference that is the only sign left of the same customer's sale.
 * Every other sale goes through, so an unknown payment set aside never stops the queue. Another
 * customer who owes exactly that total is served with a reference (the receipt number) or on
 * another terminal; the refusal says so.
 */
export function assertNoUnknownFor(
  journal: Journal,
  sale: { merchantReference?: string | undefined; terminalId: string; amount: number; tipAmount: number; currencyCode: string },
): void {
  const reference = sale.merchantReference;
  const unknown = journal.openSessions().filter((s) => s.state === 'unknown');
  if (reference) {
    // Compared exactly, not through the journal's search (which needs 3 characters and ignores case).
    if (unknown.some((s) => s.merchantReference === reference)) {
      throw new PaymentError('unresolved-unknown', { id: 'payment.unresolved-unknown', params: { reference } });
    }
    return;
  }
  const total = sale.amount + sale.tipAmount;
  const same = unknown.find(
    (s) =>
      (s.kind === 'sale' || s.kind === 'preauth') &&
      s.merchantReference === null &&
      s.terminalId === sale.terminalId &&
      s.currencyCode === sale.currencyCode &&
      s.amount + s.tipAmount === total,
  );
  if (same) {
    throw new PaymentError('unresolved-unknown', {
      id: 'payment.unresolved-unknown-same-amount',
      params: {
        terminal: sale.terminalId,
        totalMinor: total,
        currency: findCurrency(sale.currencyCode)?.alpha ?? sale.currencyCode,
        session: same.sessionId.slice(0, 8),
      },
    });
  }
}

/** What Viva actually charged for a session: its last session body's amount (tip included). */
export function chargedTotal(journal: Journal, record: SessionRecord): number {
  return chargedTotalOf(journal.eventsOf(record.sessionId), record);
}

/** chargedTotal from the session's events, for a caller that has already read them. */
export function chargedTotalOf(events: readonly JournalEvent[], record: SessionRecord): number {
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const payload = events[i]?.payload as { viva?: { amount?: unknown } } | undefined;
    if (typeof payload?.viva?.amount === 'number') return payload.viva.amount;
  }
  return record.amount + record.tipAmount;
}

export interface Refundable {
  parent: SessionRecord;
  total: number;
  /** Approved refunds plus refunds still open or unknown: those may yet pay out. */
  refunded: number;
  remaining: number;
}

export function refundableOf(journal: Journal, parentSessionId: string): Refundable {
  const parent = journal.getSession(parentSessionId);
  if (!parent) throw new PaymentError('parent-not-found', { id: 'payment.parent-not-found', params: { session: parentSessionId } });
  if ((parent.kind !== 'sale' && parent.kind !== 'preauth-completion') || parent.state !== 'approved') {
    throw new PaymentError('parent-not-refundable', { id: 'payment.not-refundable', params: { session: parentSessionId.slice(0, 8), state: parent.state, kind: parent.kind } });
  }
  const total = chargedTotal(journal, parent);
  const refunded = journal.refundedAmount(parentSessionId, { includeOpen: true });
  return { parent, total, refunded, remaining: Math.max(0, total - refunded) };
}

export function assertPreauthCompletable(journal: Journal, parentSessionId: string, amount: number): SessionRecord {
  const parent = journal.getSession(parentSessionId);
  if (!parent) throw new PaymentError('parent-not-found', { id: 'payment.preauth-not-found', params: { session: parentSessionId } });
  if (parent.kind !== 'preauth' || parent.state !== 'approved') {
    throw new PaymentError('parent-not-refundable', { id: 'payment.not-completable', params: { session: parentSessionId.slice(0, 8), state: parent.state, kind: parent.kind } });
  }
  if (amount > chargedTotal(journal, parent)) {
    throw new PaymentError('refund-exceeds-remaining', { id: 'payment.completion-exceeds' });
  }
  return parent;
}

