import type { SessionRecord } from '../journal/index.ts';
import { isInFlightState, type SessionKind } from '../../domain/session-states.ts';
import { findCurrency } from '../money.ts';
import { LocalClock } from '../../domain/business-day.ts';

/**
 * The end-of-day numbers (design.md §4) as a pure function of a day's sessions: one pass, no
 * clock, no I/O, every list in a fixed order, so the same sessions always give the same totals
 * (a closed day's report must come out byte-identical when it is regenerated).
 *
 * Money rules:
 * - Integer minor units, per currency; two currencies are never added together.
 * - Sales are approved sales and pre-authorisation completions (money the cardholder paid);
 *   their `amount` excludes the tip, which is counted under tips. Refunds are approved refunds,
 *   referenced or not. Net = sales + tips - refunds: what moved on the cards.
 * - Approved pre-authorisations only hold money; they are listed apart and are not in the net.
 * - Sessions kept as evidence of another till's payment (imported as foreign at reconciliation)
 *   are not this till's: they are counted apart and nowhere else.
 * - Hours are the business day's local wall-clock hours of the session's creation.
 */
export interface Tally {
  count: number;
  /** Minor units. */
  amount: number;
}

export interface MoneyTotals {
  sales: Tally;
  refunds: Tally;
  /** Approved sales that carried a tip: how many, and the tips' sum. */
  tips: Tally;
  /** sales + tips - refunds, minor units (may be negative). */
  net: number;
}

export interface Bucket extends MoneyTotals {
  /** The terminal id, cash register id, card brand or local hour ("2026-03-10 14:00"). */
  key: string;
}

export interface CurrencyTotals {
  /** ISO 4217 numeric, as journaled ("978"). */
  currencyCode: string;
  /** "EUR"; null for a code the currency table does not know. */
  currency: string | null;
  /** Minor-unit digits; null when the currency is unknown. */
  exponent: number | null;
  totals: MoneyTotals;
  /** Approved pre-authorisations: held on the card, not captured. */
  preauths: Tally;
  byTerminal: Bucket[];
  byCashRegister: Bucket[];
  /** Viva's applicationLabel (VISA, MASTERCARD...); "(unknown)" when Viva gave none. */
  byCardBrand: Bucket[];
  byHour: Bucket[];
}

export interface OutcomeCounts {
  /** Every session of the day that is this till's (foreign ones excluded). */
  sessions: number;
  approved: number;
  declined: number;
  cancelled: number;
  aborted: number;
  failed: number;
  /** Outcome not known yet: these block closing the day. */
  unknown: number;
  /** Still on a terminal (created, dispatching, pending, aborting). */
  inProgress: number;
  /** Another till's sessions kept as evidence at reconciliation; not in any other figure. */
  foreign: number;
}

/** A session as the end-of-day lists name it: the record's own fields, so the two cannot drift. */
export type SessionBrief = Pick<
  SessionRecord,
  'sessionId' | 'kind' | 'state' | 'amount' | 'tipAmount' | 'currencyCode' | 'terminalId' | 'cashRegisterId' | 'merchantReference' | 'createdAt'
>;

export interface DayTotals {
  /** Ordered by currency code. */
  currencies: CurrencyTotals[];
  outcomes: OutcomeCounts;
  /** Oldest first. */
  unknownSessions: SessionBrief[];
  inProgressSessions: SessionBrief[];
}

export const UNKNOWN_BRAND = '(unknown)';

const SALE_KINDS: ReadonlySet<SessionKind> = new Set(['sale', 'preauth-completion']);
const REFUND_KINDS: ReadonlySet<SessionKind> = new Set(['refund', 'unreferenced-refund']);

export function isForeign(record: SessionRecord): boolean {
  return record.resolution === 'imported-foreign';
}

/** What a session does to the day's money: +total for a paid sale, -amount for a paid refund, 0 otherwise. */
export function netEffect(record: SessionRecord): number {
  if (record.state !== 'approved' || isForeign(record)) return 0;
  if (SALE_KINDS.has(record.kind)) return record.amount + record.tipAmount;
  if (REFUND_KINDS.has(record.kind)) return -record.amount;
  return 0;
}

export function brief(record: SessionRecord): SessionBrief {
  return {
    sessionId: record.sessionId,
    kind: record.kind,
    state: record.state,
    amount: record.amount,
    tipAmount: record.tipAmount,
    currencyCode: record.currencyCode,
    terminalId: record.terminalId,
    cashRegisterId: record.cashRegisterId,
    merchantReference: record.merchantReference,
    createdAt: record.createdAt,
  };
}

export function buildDayTotals(sessions: Iterable<SessionRecord>, options: { timeZone: string }): DayTotals {
  const clock = new LocalClock(options.timeZone);
  const currencies = new Map<string, CurrencyAccumulator>();
  const outcomes: OutcomeCounts = { sessions: 0, approved: 0, declined: 0, cancelled: 0, aborted: 0, failed: 0, unknown: 0, inProgress: 0, foreign: 0 };
  const unknownSessions: SessionBrief[] = [];
  const inProgressSessions: SessionBrief[] = [];

  for (const record of sessions) {
    if (isForeign(record)) {
      outcomes.foreign += 1;
      continue;
    }
    outcomes.sessions += 1;
    let currency = currencies.get(record.currencyCode);
    if (!currency) {
      currency = new CurrencyAccumulator(record.currencyCode);
      currencies.set(record.currencyCode, currency);
    }
    if (isInFlightState(record.state)) {
      outcomes.inProgress += 1;
      inProgressSessions.push(brief(record));
      continue;
    }
    switch (record.state) {
      case 'unknown':
        outcomes.unknown += 1;
        unknownSessions.push(brief(record));
        continue;
      case 'declined':
      case 'cancelled':
      case 'aborted':
      case 'failed':
        outcomes[record.state] += 1;
        continue;
      case 'approved':
        outcomes.approved += 1;
        currency.add(record, clock);
        continue;
    }
  }

  const byAge = (a: SessionBrief, b: SessionBrief) => compare(a.createdAt, b.createdAt) || compare(a.sessionId, b.sessionId);
  return {
    currencies: [...currencies.values()].sort((a, b) => compare(a.code, b.code)).map((c) => c.result()),
    outcomes,
    unknownSessions: unknownSessions.sort(byAge),
    inProgressSessions: inProgressSessions.sort(byAge),
  };
}

class CurrencyAccumulator {
  readonly code: string;
  private readonly totals = new Sums();
  private readonly preauths: Tally = { count: 0, amount: 0 };
  private readonly byTerminal = new Map<string, Sums>();
  private readonly byCashRegister = new Map<string, Sums>();
  private readonly byCardBrand = new Map<string, Sums>();
  private readonly byHour = new Map<string, Sums>();

  constructor(code: string) {
    this.code = code;
  }

  add(record: SessionRecord, clock: LocalClock): void {
    if (record.kind === 'preauth') {
      this.preauths.count += 1;
      this.preauths.amount += record.amount;
      return;
    }
    const targets = [
      this.totals,
      sumsFor(this.byTerminal, record.terminalId),
      sumsFor(this.byCashRegister, record.cashRegisterId),
      sumsFor(this.byCardBrand, record.cardBrand ?? UNKNOWN_BRAND),
      sumsFor(this.byHour, clock.hour(record.createdAt)),
    ];
    for (const sums of targets) sums.add(record);
  }

  result(): CurrencyTotals {
    const found = findCurrency(this.code);
    return {
      currencyCode: this.code,
      currency: found?.alpha ?? null,
      exponent: found?.exponent ?? null,
      totals: this.totals.result(),
      preauths: { ...this.preauths },
      byTerminal: buckets(this.byTerminal),
      byCashRegister: buckets(this.byCashRegister),
      byCardBrand: buckets(this.byCardBrand),
      byHour: buckets(this.byHour),
    };
  }
}

class Sums {
  private readonly sales: Tally = { count: 0, amount: 0 };
  private readonly refunds: Tally = { count: 0, amount: 0 };
  private readonly tips: Tally = { count: 0, amount: 0 };

  add(record: SessionRecord): void {
    if (SALE_KINDS.has(record.kind)) {
      this.sales.count += 1;
      this.sales.amount += record.amount;
      if (record.tipAmount > 0) {
        this.tips.count += 1;
        this.tips.amount += record.tipAmount;
      }
    } else if (REFUND_KINDS.has(record.kind)) {
      this.refunds.count += 1;
      this.refunds.amount += record.amount;
    }
  }

  result(): MoneyTotals {
    return {
      sales: { ...this.sales },
      refunds: { ...this.refunds },
      tips: { ...this.tips },
      net: this.sales.amount + this.tips.amount - this.refunds.amount,
    };
  }
}

function sumsFor(map: Map<string, Sums>, key: string): Sums {
  let sums = map.get(key);
  if (!sums) {
    sums = new Sums();
    map.set(key, sums);
  }
  return sums;
}

function buckets(map: Map<string, Sums>): Bucket[] {
  return [...map.entries()].sort(([a], [b]) => compare(a, b)).map(([key, sums]) => ({ key, ...sums.result() }));
}

/** Code-unit order: the same in every locale and on every machine, unlike localeCompare. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
