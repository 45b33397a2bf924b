/**
 * Money for people: integer minor units + ISO 4217 numeric code -> "12,50 €" or "€12.50" as the
 * chosen locale writes it. The exponent comes from the same ISO table the core uses, never guessed.
 */
import currencyCodes from 'currency-codes';

export interface DisplayCurrency {
  alpha: string;
  numeric: string;
  exponent: number;
}

export function displayCurrency(code: string | number): DisplayCurrency | undefined {
  const text = String(code).trim().toUpperCase();
  const entry = /^\d{1,3}$/.test(text) ? currencyCodes.number(text.padStart(3, '0')) : currencyCodes.code(text);
  if (!entry?.number) return undefined;
  return { alpha: entry.code, numeric: entry.number.padStart(3, '0'), exponent: entry.digits };
}

const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(minor: number, currencyCode: string | number, locale: string): string {
  const currency = displayCurrency(currencyCode);
  if (!currency) return `${minor} (${currencyCode})`;
  const key = `${locale}|${currency.alpha}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: currency.alpha,
      minimumFractionDigits: currency.exponent,
      maximumFractionDigits: currency.exponent,
    });
    formatters.set(key, formatter);
  }
  // Division by a power of ten is exact enough for display at these magnitudes (< 2^53 / 10^3).
  return formatter.format(minor / 10 ** currency.exponent);
}
