import { describe, expect, it } from 'vitest';
import type { Journal } from '../../../electron/core/journal/journal.ts';
import { REFUNDS_OF_SQL } from '../../../electron/core/journal/read-model.ts';
import { saleRefundsOf } from '../../../electron/core/payments/sale-refunds.ts';
import { refundMark } from '../../../electron/domain/refund-mark.ts';
import type { FinalState } from '../../../electron/domain/session-states.ts';
import { rawConnection, saleRequest, testJournal, vivaBody } from '../journal/helpers.ts';

/** The refunds the journal lists under a sale, and the mark and remainder on the sale's row. */
function approvedSale(journal: Journal, amount: number): string {
  const sale = saleRequest({ amount });
  journal.createSession(sale);
  journal.append(sale.sessionId, { type: 'dispatching' });
  journal.append(sale.sessionId, { type: 'dispatched' });
  journal.append(sale.sessionId, { type: 'poll-result', outcome: 'approved', viva: vivaBody(sale.sessionId, 'approved', { amount }) });
  return sale.sessionId;
}

function refund(journal: Journal, parentSessionId: string, amount: number, outcome: FinalState | 'pending' | 'unknown'): string {
  const request = saleRequest({ kind: 'refund', parentSessionId, amount });
  journal.createSession(request);
  journal.append(request.sessionId, { type: 'dispatching' });
  if (outcome === 'unknown') {
    journal.append(request.sessionId, { type: 'dispatch-uncertain', errorClass: 'network' });
    return request.sessionId;
  }
  journal.append(request.sessionId, { type: 'dispatched' });
  if (outcome !== 'pending') journal.append(request.sessionId, { type: 'poll-result', outcome, viva: vivaBody(request.sessionId, outcome) });
  return request.sessionId;
}

describe('the refunds of sales', () => {
  it('lists every refund under its sale, oldest first, with approved, pending and what is left', () => {
    const { journal } = testJournal();
    const partly = approvedSale(journal, 10_000);
    const fully = approvedSale(journal, 2_000);
    const waiting = approvedSale(journal, 500);
    const untouched = approvedSale(journal, 700);
    const ids = [refund(journal, partly, 1000, 'approved'), refund(journal, partly, 2000, 'declined'), refund(journal, partly, 300, 'pending'), refund(journal, partly, 40, 'unknown')];
    refund(journal, fully, 1500, 'approved');
    refund(journal, fully, 500, 'approved');
    refund(journal, waiting, 500, 'pending');

    const answer = saleRefundsOf(journal, [partly, fully, waiting, untouched]);
    const of = (id: string) => answer.find((entry) => entry.sessionId === id);
    expect(of(partly)).toMatchObject({ total: 10_000, refunded: 1000, pending: 340, remaining: 8660, mark: 'partially-refunded' });
    expect(of(partly)?.refunds.map((r) => r.sessionId)).toEqual(ids);
    expect(of(fully)).toMatchObject({ total: 2000, refunded: 2000, pending: 0, remaining: 0, mark: 'refunded' });
    expect(of(waiting)).toMatchObject({ refunded: 0, pending: 500, remaining: 0, mark: 'refund-pending' });
    // A sale without refunds is not answered: the row has no mark.
    expect(of(untouched)).toBeUndefined();
    // What is left agrees with what a refund may take.
    expect(of(partly)!.total - journal.refundedAmount(partly)).toBe(of(partly)!.remaining);
    expect(saleRefundsOf(journal, [])).toEqual([]);
  });

  it('reads the refunds through the parent index, whatever the number of sales', () => {
    const { journal } = testJournal();
    approvedSale(journal, 100);
    const db = rawConnection(journal.file);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN ${REFUNDS_OF_SQL}`)
      .all(JSON.stringify(['a', 'b'])) as { detail: string }[];
    expect(plan.map((row) => row.detail).join(' | ')).toMatch(/^SEARCH sessions USING INDEX sessions_by_parent/);
  });

  it('marks a sale refunded only once approved refunds reach its total', () => {
    expect(refundMark(1000, 1000, 0)).toBe('refunded');
    expect(refundMark(1000, 999, 1)).toBe('partially-refunded');
    expect(refundMark(1000, 0, 1000)).toBe('refund-pending');
    expect(refundMark(1000, 0, 0)).toBeNull();
  });
});
