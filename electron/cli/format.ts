import { findCurrency, formatMinor } from '../core/money.ts';

/** Minor units as "12.50 EUR" when the currency is known, else the raw count with its code. */
export function money(amount: number, currencyCode: string | number): string {
  const cur = findCurrency(currencyCode);
  return cur ? `${formatMinor(amount, cur)} ${cur.alpha}` : `${amount} (minor units, currency ${currencyCode})`;
}

/** A plain-text table with left-aligned columns. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
