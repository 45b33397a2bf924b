import type { Journal } from '../../electron/core/journal/index.ts';

/**
 * A stand-in for the end-of-day report until the reports module exists (a later issue): one pass
 * over journal.sessionsOfBusinessDay(day), summing approved sales (sale + pre-auth completion:
 * the cardholder was charged) and approved refunds (referenced + unreferenced) per currency.
 * It is here so the benchmark measures the read path a report will stand on; the report itself
 * will do more per row (tips, brands, hours), which is cheap next to reading the rows.
 */
export interface Sums {
  count: number;
  /** Minor units, tips excluded. */
  amount: number;
  tips: number;
}

export interface CurrencyTotals {
  sales: Sums;
  refunds: Sums;
}

const SALE_KINDS = new Set(['sale', 'preauth-completion']);
const REFUND_KINDS = new Set(['refund', 'unreferenced-refund']);

export function dayTotals(journal: Journal, day: string): Map<string, CurrencyTotals> {
  const totals = new Map<string, CurrencyTotals>();
  for (const session of journal.sessionsOfBusinessDay(day)) {
    if (session.state !== 'approved') continue;
    const side = SALE_KINDS.has(session.kind) ? 'sales' : REFUND_KINDS.has(session.kind) ? 'refunds' : undefined;
    if (!side) continue;
    let entry = totals.get(session.currencyCode);
    if (!entry) {
      entry = { sales: { count: 0, amount: 0, tips: 0 }, refunds: { count: 0, amount: 0, tips: 0 } };
      totals.set(session.currencyCode, entry);
    }
    entry[side].count += 1;
    entry[side].amount += session.amount;
    entry[side].tips += session.tipAmount;
  }
  return totals;
}
