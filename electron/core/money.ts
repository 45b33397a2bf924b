import currencyCodes from 'currency-codes';
import { MAX_AMOUNT_MINOR } from '../domain/money-limits.ts';
import { CodedError } from '../domain/coded-error.ts';
import type { MessageId } from '../domain/messages.ts';
import { decimalToMinor, minorToDecimal } from '../domain/minor-units.ts';

/**
 * Money is an integer count of minor units everywhere (1250 = 12.50 EUR). The currency is
 * carried as its ISO 4217 numeric code; the number of minor-unit digits comes from the
 * maintained ISO table in `currency-codes`, never guessed.
 */
export interface Currency {
  /** ISO 4217 alphabetic code, e.g. "EUR". */
  alpha: string;
  /** ISO 4217 numeric code as Viva sends it, e.g. "978". */
  numeric: string;
  /** Minor-unit exponent: 2 for EUR, 0 for JPY, 3 for BHD. */
  exponent: number;
  name: string;
}

export type MoneyErrorCode = 'invalid-amount' | 'unknown-currency';

export class MoneyError extends CodedError<MoneyErrorCode> {
  override name = 'MoneyError';
}

/** Which amount a refusal is about, named in the sentence in the person's language. */
export type AmountName = 'amount' | 'tip' | 'tip amount' | 'refund amount' | 'completion amount';
const AMOUNT_PHRASES: Record<AmountName, MessageId> = {
  amount: 'money.what.amount',
  tip: 'money.what.tip',
  'tip amount': 'money.what.tip-amount',
  'refund amount': 'money.what.refund-amount',
  'completion amount': 'money.what.completion-amount',
};

/**
 * ISO 4217 also codes precious metals, bond units, drawing rights, a testing code and "no
 * currency": nobody pays for a coffee in gold, so a till refuses them like an unknown code.
 */
const NOT_TENDER = new Set(['XAG', 'XAU', 'XPD', 'XPT', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XSU', 'XUA', 'XTS', 'XXX']);

function toCurrency(entry: currencyCodes.CurrencyCodeRecord | undefined): Currency | undefined {
  if (!entry || !entry.number || NOT_TENDER.has(entry.code)) return undefined;
  return { alpha: entry.code, numeric: entry.number.padStart(3, '0'), exponent: entry.digits, name: entry.currency };
}

/** Looks a currency up by alphabetic ("EUR") or numeric ("978", 978) code. */
export function findCurrency(code: string | number): Currency | undefined {
  const text = String(code).trim().toUpperCase();
  if (/^\d{1,3}$/.test(text)) return toCurrency(currencyCodes.number(text.padStart(3, '0')));
  if (/^[A-Z]{3}$/.test(text)) return toCurrency(currencyCodes.code(text));
  return undefined;
}

export function currency(code: string | number): Currency {
  const found = findCurrency(code);
  if (!found) throw new MoneyError('unknown-currency', { id: 'money.unknown-currency', params: { code: String(code) } });
  return found;
}

/** Checks that an amount is a positive whole number of minor units within the till's limit. */
export function assertAmountMinor(amount: unknown, what: AmountName = 'amount'): asserts amount is number {
  const whatPhrase = AMOUNT_PHRASES[what];
  if (typeof amount !== 'number' || !Number.isInteger(amount)) {
    throw new MoneyError('invalid-amount', { id: 'money.not-whole', params: { whatPhrase, got: String(amount) } });
  }
  if (amount <= 0) throw new MoneyError('invalid-amount', { id: 'money.not-positive', params: { whatPhrase } });
  if (amount > MAX_AMOUNT_MINOR) {
    throw new MoneyError('invalid-amount', { id: 'money.over-limit', params: { whatPhrase } });
  }
}

/**
 * Parses what a person types ("12.50", "12,5", "12") into minor units for a currency,
 * refusing anything ambiguous instead of rounding it: money never goes through a float.
 */
export function parseAmount(text: string, cur: Currency, what: AmountName = 'amount'): number {
  const whatPhrase = AMOUNT_PHRASES[what];
  const trimmed = text.trim();
  const parsed = decimalToMinor(trimmed, cur.exponent);
  if (!parsed.ok && parsed.problem === 'not-a-number') {
    throw new MoneyError('invalid-amount', { id: 'money.not-a-number', params: { whatPhrase, text } });
  }
  if (!parsed.ok && parsed.problem === 'too-many-decimals') {
    const params = { whatPhrase, text, currency: cur.alpha };
    if (cur.exponent === 0) throw new MoneyError('invalid-amount', { id: 'money.no-decimals', params });
    throw new MoneyError('invalid-amount', { id: 'money.too-many-decimals', params: { ...params, count: cur.exponent } });
  }
  // More than twelve whole digits is refused as too large even when they are leading zeros.
  if (!parsed.ok || /^\d{13}/.test(trimmed)) throw new MoneyError('invalid-amount', { id: 'money.over-limit', params: { whatPhrase } });
  assertAmountMinor(parsed.minor, what);
  return parsed.minor;
}

/** Minor units to a plain decimal string ("12.50"); for CLI output and CSV, not for display. */
export function formatMinor(amount: number, cur: Currency): string {
  return minorToDecimal(amount, cur.exponent);
}
