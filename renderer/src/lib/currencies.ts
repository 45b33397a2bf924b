/** The currencies a till can be set to, from the maintained ISO 4217 table (currency-codes). */
import currencyCodes from 'currency-codes';

export interface CurrencyOption {
  code: string;
  name: string;
}

export function currencyOptions(): CurrencyOption[] {
  return currencyCodes.data
    .filter((entry) => entry.number && !entry.code.startsWith('X'))
    .map((entry) => ({ code: entry.code, name: entry.currency }))
    .sort((a, b) => a.code.localeCompare(b.code));
}

/** The IANA time zones this platform knows (for the business day). */
export function timeZones(): string[] {
  return typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
}
