/**
 * How a sale stands after its refunds, as the journal marks it on the sale's row: every screen and
 * the CLI read the same words from the same amounts.
 *
 * `refunded` counts approved refunds only; `pending` the refunds still on a terminal or unknown
 * (they may yet pay out, so they are not "remaining" either, but the customer has not had the
 * money back yet).
 */
export type RefundMark = 'refunded' | 'partially-refunded' | 'refund-pending';

export function refundMark(total: number, refunded: number, pending: number): RefundMark | null {
  if (refunded > 0 && refunded >= total) return 'refunded';
  if (refunded > 0) return 'partially-refunded';
  if (pending > 0) return 'refund-pending';
  return null;
}
