import { OPEN_STATES } from '../../domain/session-states.ts';
import { refundMark, type RefundMark } from '../../domain/refund-mark.ts';
import type { Journal, SessionRecord } from '../journal/index.ts';
import { chargedTotal } from './admission.ts';

/** A sale with the refunds made against it: what the journal lists under the sale and marks on its row. */
export interface SaleRefunds {
  sessionId: string;
  /** What the sale charged (tip included), minor units. */
  total: number;
  /** Approved refunds. */
  refunded: number;
  /** Refunds still on a terminal or unknown. */
  pending: number;
  /** What can still be refunded: the total less approved and pending refunds (as `refundable` says). */
  remaining: number;
  mark: RefundMark | null;
  /** Every refund of the sale, whatever its outcome, oldest first. */
  refunds: SessionRecord[];
}

const OPEN = new Set<string>(OPEN_STATES);

/** The refunds of these sessions, one entry per session that has any (sessions without refunds are left out). */
export function saleRefundsOf(journal: Journal, sessionIds: readonly string[]): SaleRefunds[] {
  const bySale = new Map<string, SessionRecord[]>();
  for (const refund of journal.refundsOf(sessionIds)) {
    const parent = refund.parentSessionId as string;
    bySale.set(parent, [...(bySale.get(parent) ?? []), refund]);
  }
  const answer: SaleRefunds[] = [];
  for (const [sessionId, refunds] of bySale) {
    const sale = journal.getSession(sessionId);
    if (!sale) continue;
    const total = chargedTotal(journal, sale);
    const refunded = refunds.filter((r) => r.state === 'approved').reduce((sum, r) => sum + r.amount, 0);
    const pending = refunds.filter((r) => OPEN.has(r.state)).reduce((sum, r) => sum + r.amount, 0);
    answer.push({ sessionId, total, refunded, pending, remaining: Math.max(0, total - refunded - pending), mark: refundMark(total, refunded, pending), refunds });
  }
  return answer;
}
