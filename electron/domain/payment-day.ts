import { addDays, businessDayOf, type BusinessDayConfig } from './business-day.ts';

/**
 * A closed business day is never extended (design.md §4): a payment started after the Z report of
 * day D, while the clock still reads D, counts in the next business day, as a fiscal register
 * opens the next period after a Z. Payments started before the close stay D's whatever time
 * their outcome arrives (they are D's late outcomes).
 *
 * This is the one rule every layer applies: the journal when it fixes a new session's business
 * day (EventStore, in the transaction that writes it, so a close in another process cannot slip
 * in between), reconciliation when it files a Viva record the till never journaled, the
 * checkout's notice and End of day.
 *
 * `closedBefore(day)` says whether `day` had been closed when the payment started. The till's own
 * sessions are asked by the journal's order (a Z report already written: the session comes after
 * it in the chain, whatever the wall clock says after a step); a record that carries only its
 * own time is asked by the Z report's closing time.
 *
 * D+1 cannot itself be closed before it has begun by the clock (closing a day that has not
 * started is refused), so this normally moves one day at most; it walks on past every closed day
 * all the same, so that no clock step can ever put a payment in a closed day. Each step passes
 * a distinct closed day, so it ends.
 */
export function paymentDayOf(instantMs: number, config: BusinessDayConfig, closedBefore: (day: string) => boolean): string {
  return firstOpenDay(businessDayOf(instantMs, config), closedBefore);
}

/** paymentDayOf for a caller that already has the instant's business day (the journal, on every new session). */
export function firstOpenDay(businessDay: string, closedBefore: (day: string) => boolean): string {
  let day = businessDay;
  while (closedBefore(day)) day = addDays(day, 1);
  return day;
}

/** Where a payment started now counts: what the checkout says before the first sale after a Z. */
export interface PaymentDay {
  /** The business day a payment started now counts in (YYYY-MM-DD). */
  businessDay: string;
  /** The business day the clock says; earlier than `businessDay` once it has been closed. */
  clockDay: string;
  /** The Z report that closed `clockDay`, when it has been closed (UTC ISO closing time). */
  closed: { number: number; closedAt: string } | null;
}
